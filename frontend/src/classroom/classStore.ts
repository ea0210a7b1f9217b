/** What the class table keeps while a teacher opens a job and comes back: its filter, how many
 * pages of students it shows, and the jobs picked to compare. */
import { create } from "zustand";
import { type ClassFilter, NO_FILTER } from "./classQuery";

interface ClassState {
  filter: ClassFilter;
  pages: number;
  picked: number[];
  /** A new filter starts again from its first page. */
  setFilter(change: Partial<ClassFilter>): void;
  showMore(): void;
  togglePick(id: number): void;
  clearPicks(): void;
}

export const useClassStore = create<ClassState>()((set) => ({
  filter: NO_FILTER,
  pages: 1,
  picked: [],
  setFilter: (change) => set((s) => ({ filter: { ...s.filter, ...change }, pages: 1 })),
  showMore: () => set((s) => ({ pages: s.pages + 1 })),
  togglePick: (id) =>
    set((s) => ({ picked: s.picked.includes(id) ? s.picked.filter((x) => x !== id) : [...s.picked, id] })),
  clearPicks: () => set({ picked: [] }),
}));
