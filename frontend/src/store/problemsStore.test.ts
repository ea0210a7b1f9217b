import { describe, expect, it } from "vitest";
import { errorCount, lacksLoss, startBlockers, startNeedsLoss } from "./problemsStore";
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

describe("startNeedsLoss", () => {
  const noLoss = { ...answer(true), warnings: [{ code: "graph.no_loss", message: "no loss node" }] };
  it("waits for a loss when the answer for the graph as it is has none", () => {
    expect(lacksLoss(noLoss as FullResult)).toBe(true);
    expect(startNeedsLoss(noLoss as FullResult, false, false)).toBe(true);
  });

  it("blocks nothing with a loss, without an answer, while pending or unreachable", () => {
    expect(startNeedsLoss(answer(true), false, false)).toBe(false);
    expect(startNeedsLoss(null, false, false)).toBe(false);
    expect(startNeedsLoss(noLoss as FullResult, true, false)).toBe(false);
    expect(startNeedsLoss(noLoss as FullResult, false, true)).toBe(false);
  });
});
