import { useEffect } from "react";
import { isDirty } from "../store/document";
import { useSessionStore } from "../store/sessionStore";

/** Ask before leaving the page while there are unsaved changes (checked when leaving). */
export function useBeforeUnload(): void {
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (useSessionStore.getState().viewing || !isDirty()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);
}
