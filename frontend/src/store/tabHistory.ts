/**
 * Undo and redo within the open document, each showing the tab of the edit it moves over.
 * Undo does so by itself (the state it restores was shown in that tab); redo restores the state
 * shown when the edit was undone, which may be another tab, so it then shows the tab the edit
 * ended in (noted by `noteEdit` when the edit was recorded).
 */
import { useGraphStore } from "./graphStore";
import { carryTab, tabAfter } from "./tracked";
import { openTab } from "./units";

const history = () => useGraphStore.temporal.getState();

/** Undo one step of the open document's history. */
export function undoEdit(): void {
  const entry = history().pastStates.at(-1);
  history().undo();
  carryTab(entry, history().futureStates.at(-1));
}

/** Redo one step, then show the tab the edit was made in. */
export function redoEdit(): void {
  const entry = history().futureStates.at(-1);
  const tab = tabAfter(entry);
  history().redo();
  carryTab(entry, history().pastStates.at(-1));
  if (tab !== undefined && useGraphStore.getState().tab !== tab) openTab(tab);
}
