import { useEffect } from "react";
import { clipboard } from "../store/clipboard";
import { useConfirmStore } from "../store/confirmStore";
import { runSave } from "../store/document";
import { redo, undo } from "../store/documentHistory";
import { useGraphStore } from "../store/graphStore";
import { useSessionStore } from "../store/sessionStore";
import { isOtherView } from "../training/route";

function typing(target: EventTarget | null): boolean {
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
        if (typing(event.target) || useSessionStore.getState().viewing) return;
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
      if (typing(event.target) || useSessionStore.getState().viewing) return;
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
