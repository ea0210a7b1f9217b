/**
 * The open document's unsaved state, kept in localStorage so that a crashed or closed tab can
 * be restored: the graph with its positions, the network it belongs to and the revision it
 * started from, the saved key to compare it with, and a sample's launch settings. One draft
 * per browser profile, and with accounts one per user signed in there (`setDraftOwner`), so
 * nobody is offered another's work.
 */
import { create } from "zustand";
import type { Graph } from "../api/models";
import type { Preset } from "../training/presets";

export const DRAFT_KEY = "netcanvas.draft";

let key = DRAFT_KEY;

/** Whose draft is read and written: a signed-in user's own key, or (null) the local user's. */
export function setDraftOwner(userId: number | null): void {
  key = userId === null ? DRAFT_KEY : `${DRAFT_KEY}.${userId}`;
}

export interface Draft {
  graph: Graph;
  networkId: number | null;
  projectId: number | null;
  revision: number | null;
  /** The saved state's key when the draft was written, so a restored draft shows as unsaved. */
  savedKey: string;
  /** When it was written (ms since the epoch). */
  at: number;
  /** A never-saved sample's launch settings and note (absent in older drafts). */
  preset?: Preset | null;
}

const isId = (value: unknown): value is number | null => value === null || Number.isInteger(value);

function isDraft(value: unknown): value is Draft {
  if (!value || typeof value !== "object") return false;
  const d = value as Record<string, unknown>;
  const graph = d.graph as Record<string, unknown> | null | undefined;
  return (
    !!graph &&
    typeof graph === "object" &&
    Array.isArray(graph.nodes) &&
    isId(d.networkId) &&
    isId(d.projectId) &&
    isId(d.revision) &&
    typeof d.savedKey === "string" &&
    typeof d.at === "number"
  );
}

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser's settings
  }
}

/** The stored draft, or null when there is none or it is not one (which is then dropped). */
export function readDraft(): Draft | null {
  const text = storage()?.getItem(key);
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (isDraft(value)) return value;
  } catch {
    // fall through: an unreadable draft helps nobody
  }
  clearDraft();
  return null;
}

export function writeDraft(draft: Draft): void {
  try {
    storage()?.setItem(key, JSON.stringify(draft));
  } catch {
    // over quota: the draft is a convenience, saving still works
  }
}

export function clearDraft(): void {
  storage()?.removeItem(key);
}

/** A draft found when the editor opened, and what the server holds now for its network. */
export interface DraftOffer {
  draft: Draft;
  /** The network's revision now, when it differs from the one the draft started from. */
  savedSince: number | null;
  /** The draft's network no longer exists (restoring makes an unsaved graph). */
  missing: boolean;
}

interface DraftState {
  /** Whether the stored draft has been looked at; until then nothing overwrites it. */
  checked: boolean;
  offer: DraftOffer | null;
}

export const useDraftStore = create<DraftState>()(() => ({ checked: false, offer: null }));
