/** The latest validation answer for the open graph, and whether a newer one is on its way. */
import { create } from "zustand";
import type { ValidationResult } from "../api/models";

interface ValidationState {
  result: ValidationResult | null;
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
  setResult(result: ValidationResult, data: readonly object[]): void;
  markValidated(data: readonly object[]): void;
  setError(error: string): void;
}

export const useValidationStore = create<ValidationState>()((set, get) => ({
  result: null,
  pending: false,
  error: null,
  validated: new WeakSet(),
  version: 0,
  setPending: (pending) => set({ pending }),
  setResult: (result, data) => {
    const validated = new WeakSet<object>();
    for (const d of data) validated.add(d);
    set({ result, validated, version: get().version + 1, pending: false, error: null });
  },
  markValidated: (data) => {
    const { validated } = get();
    for (const d of data) validated.add(d);
    set({ version: get().version + 1 });
  },
  setError: (error) => set({ error, pending: false }),
}));
