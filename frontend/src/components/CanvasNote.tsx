/** The canvas's passing note (`store/canvasNote.ts`): shown for a few seconds, or until closed. */
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useCanvasNote } from "../store/canvasNote";

/** Long enough to read a sentence twice on a busy screen. */
const SHOW_MS = 6000;

export function CanvasNote() {
  const { t } = useTranslation();
  const note = useCanvasNote((s) => s.note);
  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => useCanvasNote.getState().hide(note.id), SHOW_MS);
    return () => clearTimeout(timer);
  }, [note]);
  if (!note) return null;
  return (
    <div className="canvas-note" data-testid="canvas-note" data-key={note.key} role="status">
      <span>{t(note.key, note.values)}</span>
      <button
        type="button"
        aria-label={t("connectRefused.close")}
        onClick={() => useCanvasNote.getState().hide(note.id)}
      >
        ✕
      </button>
    </div>
  );
}
