import { describe, expect, it } from "vitest";
import { errorCount, startBlockers } from "./problemsStore";
import type { FullResult } from "./validationStore";

const issue = (node: string) => ({ node, message: "must be at least 1" });
const answer = (valid: boolean, errors = 0, unitErrors = 0): FullResult =>
  ({
    valid,
    nodes: {},
    total_params: 0,
    total_macs: 0,
    errors: Array.from({ length: errors }, (_, i) => issue(`fc${i}`)),
    warnings: [],
    units: unitErrors ? { block: { nodes: {}, errors: [issue("conv")], warnings: [] } } : {},
  }) as unknown as FullResult;

describe("startBlockers", () => {
  it("counts the errors of the network and of its units", () => {
    expect(errorCount(answer(false, 2, 1))).toBe(3);
    expect(startBlockers(answer(false, 2, 1), false, false)).toBe(3);
  });

  it("blocks nothing while the graph is unvalidated, pending or the service unreachable", () => {
    expect(startBlockers(null, false, false)).toBeNull();
    expect(startBlockers(answer(false, 2), true, false)).toBeNull();
    expect(startBlockers(answer(false, 2), false, true)).toBeNull();
  });

  it("blocks nothing for a valid graph, and an invalid one with no listed error by one", () => {
    expect(startBlockers(answer(true), false, false)).toBeNull();
    expect(startBlockers(answer(false), false, false)).toBe(1);
  });
});
