/**
 * What the editor shows of the training phases, none of it part of the graph (no undo, not
 * saved): whether the phase editor is open, and which network the canvas highlights (a phase's
 * name, or null for all) with the node ids that view keeps lit, and those that only carry its
 * gradient.
 */
import { create } from "zustand";

interface PhaseViewState {
  editorOpen: boolean;
  /** The phase whose network the canvas highlights; null: all nodes alike. */
  view: string | null;
  /** The node ids lit in that view (null: no view, nothing dimmed). */
  lit: ReadonlySet<string> | null;
  /** The node ids that carry the view's gradient without being updated (not lit, not dimmed). */
  grad: ReadonlySet<string> | null;
  setEditorOpen(open: boolean): void;
  setView(view: string | null): void;
  setLit(lit: ReadonlySet<string> | null, grad?: ReadonlySet<string> | null): void;
}

export const usePhaseView = create<PhaseViewState>()((set) => ({
  editorOpen: false,
  view: null,
  lit: null,
  grad: null,
  setEditorOpen: (editorOpen) => set({ editorOpen }),
  setView: (view) => set({ view }),
  setLit: (lit, grad = null) => set({ lit, grad }),
}));
