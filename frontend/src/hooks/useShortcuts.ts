import { useEffect } from "react";
import { clipboard } from "../store/clipboard";
import { useConfirmStore } from "../store/confirmStore";
import { runSave } from "../store/document";
import { redo, undo } from "../store/documentHistory";
import { useGraphStore } from "../store/graphStore";
import { useSessionStore } from "../store/sessionStore";
import { isOtherView } from "../training/route";

/** Inputs that hold no text of their own: the keyboard's undo there is the graph's. */
const NOT_TEXT = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"]);

/**
 * Whether the keys go to what the user is typing. A checkbox, a select or a button is not
 * typed in, and a field marked `data-clean="true"` shows the store's value with nothing typed
 * since: there Ctrl+Z / Ctrl+Y are the graph's undo and redo, not the browser's, which would
 * bring back old text (even in another field) that a later blur would commit.
 */
export function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA") return target.dataset.clean !== "true";
  if (target.tagName !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !NOT_TEXT.has(type) && target.dataset.clean !== "true";
}

/**
 * Whether a key pressed in `target` belongs to the form control rather than to the canvas:
 * Delete, Backspace and the clipboard keys stay with any form control (a select or a checkbox
 * included, as before); undo and redo stay only with a field being typed in (`typing`).
 */
function editing(target: EventTarget | null, key?: string): boolean {
  if (key === "z" || key === "y") return typing(target);
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * Ctrl+S save, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo, Ctrl+C/X/V/D clipboard, and
 * Delete/Backspace (here rather than in React Flow, so that a deletion is one undo step).
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isOtherView(window.location.hash)) return; // the datasets and jobs views are not the canvas
      if (useConfirmStore.getState().question) return; // the dialog has the keyboard
      if (event.key === "Delete" || event.key === "Backspace") {
        if (editing(event.target) || useSessionStore.getState().viewing) return;
        event.preventDefault();
        useGraphStore.getState().deleteSelected();
        return;
      }
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === "s") {
        event.preventDefault();
        void runSave();
        return;
      }
      if (editing(event.target, key) || useSessionStore.getState().viewing) return;
      const store = useGraphStore.getState();
      const act: Record<string, () => void> = {
        z: () => (event.shiftKey ? redo() : undo()),
        y: redo,
        c: () => clipboard.copy(store.copySelection()),
        x: () => {
          clipboard.copy(store.copySelection());
          store.deleteSelected();
        },
        v: () => clipboard.paste((clip) => store.paste(clip)),
        d: () => {
          const clip = store.copySelection();
          if (clip.nodes.length > 0) store.paste(clip);
        },
      };
      const action = act[key];
      if (action) {
        event.preventDefault();
        action();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
