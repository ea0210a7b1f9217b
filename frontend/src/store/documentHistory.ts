/**
 * Undo across documents. New, a sample, Open, Import and restoring a draft replace the open
 * document; the graph store's history belongs to one document (it is cleared on load), so the
 * replaced document is kept here, with its own history and where it was saved. Undo past the
 * new document's first step brings the old one back; Redo goes forward again; an edit after
 * such an undo drops the documents ahead, as it drops the steps ahead.
 */
import { create } from "zustand";
import type { GraphMeta } from "../graph/convert";
import type { Preset } from "../training/presets";
import { isDirty, leaveRevision, setHash } from "./document";
import { type Tracked, tracked, useGraphStore } from "./graphStore";
import { useSessionStore } from "./sessionStore";
import { redoEdit, undoEdit } from "./tabHistory";

export interface DocumentSnapshot {
  meta: GraphMeta;
  graph: Tracked;
  past: Tracked[];
  future: Tracked[];
  networkId: number | null;
  projectId: number | null;
  revision: number | null;
  savedKey: string;
  preset: Preset | null;
}

interface DocumentHistory {
  /** Documents replaced, the latest last. */
  before: DocumentSnapshot[];
  /** Documents undone past, the next one last. */
  after: DocumentSnapshot[];
}

const LIMIT = 20;

export const useDocumentHistory = create<DocumentHistory>()(() => ({ before: [], after: [] }));

const session = () => useSessionStore.getState();
const history = () => useGraphStore.temporal.getState();

export function snapshot(): DocumentSnapshot {
  const state = useGraphStore.getState();
  const meta = state.meta;
  const { pastStates, futureStates } = history();
  const { networkId, projectId, revision, savedKey, preset } = session();
  return {
    meta,
    graph: structuredClone(tracked(state)),
    // Copies: zundo splices its arrays in place on undo.
    past: [...pastStates] as Tracked[],
    future: [...futureStates] as Tracked[],
    networkId,
    projectId,
    revision,
    savedKey,
    preset,
  };
}

// True while this module moves through history, so that its own steps do not count as edits.
let navigating = false;

function restore(document: DocumentSnapshot): void {
  navigating = true;
  try {
    const { graph, meta } = structuredClone({ graph: document.graph, meta: document.meta });
    useGraphStore.getState().load({ meta, ...graph });
    useGraphStore.temporal.setState({ pastStates: [...document.past], futureStates: [...document.future] });
  } finally {
    navigating = false;
  }
  const { networkId, projectId, revision, savedKey, preset } = document;
  session().set({
    networkId,
    projectId,
    revision,
    savedKey,
    preset,
    viewing: null,
    fitRequest: session().fitRequest + 1,
  });
  setHash(networkId);
}

useGraphStore.temporal.subscribe((state, before) => {
  if (navigating || state.pastStates.length <= before.pastStates.length) return;
  if (useDocumentHistory.getState().after.length > 0) useDocumentHistory.setState({ after: [] });
});

/** Undo one step: in the open document, or back to the document it replaced. */
export function undo(): void {
  if (history().pastStates.length > 0) {
    navigating = true;
    undoEdit();
    navigating = false;
    return;
  }
  const { before, after } = useDocumentHistory.getState();
  const previous = before.at(-1);
  if (!previous) return;
  useDocumentHistory.setState({ before: before.slice(0, -1), after: [...after, snapshot()] });
  restore(previous);
}

/** Redo one step: in the open document, or forward to the document that replaced it. */
export function redo(): void {
  if (history().futureStates.length > 0) {
    navigating = true;
    redoEdit();
    navigating = false;
    return;
  }
  const { before, after } = useDocumentHistory.getState();
  const next = after.at(-1);
  if (!next) return;
  useDocumentHistory.setState({ before: [...before, snapshot()].slice(-LIMIT), after: after.slice(0, -1) });
  restore(next);
}

/** Whether the open document differs from its saved state (for a revision on view, the canvas kept). */
export function hasUnsavedWork(): boolean {
  const { viewing } = session();
  return viewing ? viewing.stashDirty : isDirty();
}

/** The open document's name (the canvas kept, while a revision is on view). */
export function documentName(): string {
  const { viewing } = session();
  return (viewing ? viewing.stash.name : useGraphStore.getState().meta.name)?.trim() ?? "";
}

/**
 * Replace the open document with what `load` puts on the canvas, keeping the old one for Undo.
 * With unsaved work, `confirm` is asked first; false from it leaves everything as it was.
 * Resolves whether the document was replaced.
 */
export async function replaceDocument(
  load: () => Promise<void>,
  confirm: (name: string) => Promise<boolean>,
): Promise<boolean> {
  if (hasUnsavedWork() && !(await confirm(documentName()))) return false;
  if (session().viewing) await leaveRevision(false);
  const replaced = snapshot();
  await load();
  const { before } = useDocumentHistory.getState();
  useDocumentHistory.setState({ before: [...before, replaced].slice(-LIMIT), after: [] });
  return true;
}
