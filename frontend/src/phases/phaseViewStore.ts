/**
 * What the editor shows of the training phases, none of it part of the graph (no undo, not
 * saved): whether the phase editor is open, and which network the canvas highlights (a phase's
 * name, or null for all) with the node ids that view keeps lit.
 */
import { create } from "zustand";

interface PhaseViewState {
  editorOpen: boolean;
  /** The phase whose network the canvas highlights; null: all nodes alike. */
  view: string | null;
  /** The node ids lit in that view (null: no view, nothing dimmed). */
  lit: ReadonlySet<string> | null;
  setEditorOpen(open: boolean): void;
  setView(view: string | null): void;
  setLit(lit: ReadonlySet<string> | null): void;
}

export const usePhaseView = create<PhaseViewState>()((set) => ({
  editorOpen: false,
  view: null,
  lit: null,
  setEditorOpen: (editorOpen) => set({ editorOpen }),
  setView: (view) => set({ view }),
  setLit: (lit) => set({ lit }),
}));
