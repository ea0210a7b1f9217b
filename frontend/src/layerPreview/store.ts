/**
 * The editor's layer previews: whether they are on for the open document, which weights they
 * use, and the latest answer of `POST /api/graphs/preview` (`useLayerPreview` asks for it).
 * Each node reads its own entry (`NodePreview`), so a new answer redraws the nodes whose
 * preview changed, never the canvas on every keystroke.
 */
import { create } from "zustand";
import type { components } from "../api/schema";

export type LayerPreviewAnswer = components["schemas"]["LayerPreviewAnswer"];
export type NodePreviewData = components["schemas"]["NodePreview"];

interface LayerPreviewState {
  on: boolean;
  /** A finished job of this network whose weights to use; null: seeded random weights. */
  job: number | null;
  answer: LayerPreviewAnswer | null;
  pending: boolean;
  error: string | null;
  set(patch: Partial<Omit<LayerPreviewState, "set">>): void;
}

export const useLayerPreviewStore = create<LayerPreviewState>()((set) => ({
  on: false,
  job: null,
  answer: null,
  pending: false,
  error: null,
  set: (patch) => set(patch),
}));

/** Whether previews are on and which weights, kept per document (in memory, as the launch
 * form is: `training/launchMemory.ts`), so that opening another network starts it off. */
const kept = new Map<string, { on: boolean; job: number | null }>();

export function recallPreviews(key: string): { on: boolean; job: number | null } {
  return kept.get(key) ?? { on: false, job: null };
}

export function keepPreviews(key: string, value: { on: boolean; job: number | null }): void {
  kept.set(key, value);
}
