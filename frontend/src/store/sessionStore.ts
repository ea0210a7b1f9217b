/** Where the open graph lives (project, network, revision being viewed) and what was last saved. */
import { create } from "zustand";
import type { Graph } from "../api/models";
import type { Preset } from "../training/presets";

export interface RevisionView {
  number: number;
  /** The canvas as it was before viewing, to go back to. */
  stash: Graph;
  stashDirty: boolean;
}

interface SessionState {
  projectId: number | null;
  networkId: number | null;
  /** The network's revision the canvas started from (null for a never-saved graph). */
  revision: number | null;
  /** The graph as last saved or loaded, serialised; the canvas is unsaved when it differs. A
   * never-saved sample counts as loaded: left as it came, it is not unsaved (no mark, no question,
   * no draft), since the samples menu opens it again. */
  savedKey: string;
  viewing: RevisionView | null;
  /** The launch settings and note that came with the document: a never-saved sample's, or the
   * lesson of the sample a saved network names on the server; a saved network without one falls
   * back to what this browser kept for it (`training/presets.ts`). */
  preset: Preset | null;
  /** Bumped whenever the project and network lists may have changed. */
  listsVersion: number;
  /** Bumped to ask the canvas to fit the view after a load. */
  fitRequest: number;
  message: { kind: "info" | "error"; text: string } | null;
  set(patch: Partial<Omit<SessionState, "set">>): void;
}

export const useSessionStore = create<SessionState>()((set) => ({
  projectId: null,
  networkId: null,
  revision: null,
  savedKey: "",
  viewing: null,
  preset: null,
  listsVersion: 0,
  fitRequest: 0,
  message: null,
  set: (patch) => set(patch),
}));

export const notify = (kind: "info" | "error", text: string) =>
  useSessionStore.getState().set({ message: { kind, text } });

/** Take an error message down: a later success (an import that worked) makes it stale. */
export function clearError(): void {
  const { message, set } = useSessionStore.getState();
  if (message?.kind === "error") set({ message: null });
}
