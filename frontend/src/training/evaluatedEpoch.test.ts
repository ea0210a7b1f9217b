import { describe, expect, it } from "vitest";
import { evaluatedEpoch } from "./evaluatedEpoch";

describe("evaluatedEpoch", () => {
  it("takes keep-best's log line first, then the summary's kept_epoch", () => {
    const job = { summary: { kept_epoch: 4 }, config: { keep_best: "val_loss" } };
    expect(evaluatedEpoch(job, 9, 3)).toBe(3);
    expect(evaluatedEpoch(job, 9)).toBe(4);
  });

  it("is the last epoch for a run that keeps the last epoch's weights", () => {
    expect(evaluatedEpoch({ summary: {}, config: { epochs: 9 } }, 9)).toBe(9);
    expect(evaluatedEpoch({ summary: {}, config: { keep_best: "last" } }, 7)).toBe(7);
  });

  it("says none where a run chose by a metric and told no epoch", () => {
    expect(evaluatedEpoch({ summary: {}, config: { keep_best: "val_accuracy" } }, 9)).toBeNull();
    expect(evaluatedEpoch(null, null)).toBeNull();
  });
});
