/**
 * The latest validation answer for the open graph, and whether a newer one is on its way.
 * `full` is the answer for the whole document; `result` is the part for the canvas shown:
 * the answer itself on the network's tab, `units[name]` (nodes, errors, warnings) on a unit's.
 */
import { create } from "zustand";
import type { ValidationResult } from "../api/models";

/** The answer for the whole document, with its per-unit reports (`units`). */
export type FullResult = ValidationResult;

interface ValidationState {
  full: FullResult | null;
  result: ValidationResult | null;
  /** The tab `result` is for: null for the network, else a unit's name. */
  tab: string | null;
  pending: boolean;
  error: string | null;
  /**
   * The node data objects (by identity) the answer describes. A node whose data is not in
   * it was edited since, so its shape and count are not shown until the next answer.
   */
  validated: WeakSet<object>;
  /** Bumped when `validated` grows, so that selectors reading it run again. */
  version: number;
  setPending(pending: boolean): void;
  setResult(result: FullResult, data: readonly object[]): void;
  markValidated(data: readonly object[]): void;
  setError(error: string): void;
  setTab(tab: string | null): void;
}

/** The part of `full` for `tab`. */
export function resultFor(full: FullResult | null, tab: string | null): ValidationResult | null {
  if (!full || tab === null) return full;
  const unit = full.units?.[tab];
  const reports = Object.values(unit?.nodes ?? {});
  return {
    ...full,
    // The unit's totals (one copy of it), not the network's.
    total_params: reports.reduce((sum, r) => sum + (r.params ?? 0), 0),
    total_macs: reports.reduce((sum, r) => sum + (r.macs ?? 0), 0),
    nodes: unit?.nodes ?? {},
    errors: unit?.errors ?? [],
    warnings: unit?.warnings ?? [],
    valid: full.valid,
  };
}

export const useValidationStore = create<ValidationState>()((set, get) => ({
  full: null,
  result: null,
  tab: null,
  pending: false,
  error: null,
  validated: new WeakSet(),
  version: 0,
  setPending: (pending) => set({ pending }),
  setResult: (full, data) => {
    const validated = new WeakSet<object>();
    for (const d of data) validated.add(d);
    const result = resultFor(full, get().tab);
    set({ full, result, validated, version: get().version + 1, pending: false, error: null });
  },
  markValidated: (data) => {
    const { validated } = get();
    for (const d of data) validated.add(d);
    set({ version: get().version + 1 });
  },
  setError: (error) => set({ error, pending: false }),
  setTab: (tab) => {
    if (tab !== get().tab) set({ tab, result: resultFor(get().full, tab) });
  },
}));
