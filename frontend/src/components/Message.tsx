/** A dismissible line for errors from the API (saving, loading, importing). */
import { useEffect } from "react";
import { useSessionStore } from "../store/sessionStore";

export function Message() {
  const message = useSessionStore((s) => s.message);
  const set = useSessionStore((s) => s.set);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => set({ message: null }), 8000);
    return () => clearTimeout(timer);
  }, [message, set]);
  if (!message) return null;
  return (
    <div className={`message ${message.kind}`} role="alert" data-testid="message">
      {message.text}
      <button type="button" className="message-close" aria-label="×" onClick={() => set({ message: null })}>
        ×
      </button>
    </div>
  );
}
