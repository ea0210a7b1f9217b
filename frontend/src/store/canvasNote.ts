/** A short note over the canvas that goes away by itself: why a connection was refused. The key
 * and values are kept, not the text, so the note follows a language switch. */
import { create } from "zustand";

export interface CanvasNote {
  key: string;
  values: Record<string, string | number>;
  /** Tells one note from the next, so that the same note shown again restarts its time. */
  id: number;
}

interface CanvasNoteState {
  note: CanvasNote | null;
  show(note: Omit<CanvasNote, "id">): void;
  hide(id: number): void;
}

export const useCanvasNote = create<CanvasNoteState>()((set, get) => ({
  note: null,
  show: (note) => set({ note: { ...note, id: (get().note?.id ?? 0) + 1 } }),
  hide: (id) => {
    if (get().note?.id === id) set({ note: null });
  },
}));
