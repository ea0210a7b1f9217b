import { describe, expect, it } from "vitest";
import { type FullResult, resultFor } from "./validationStore";

describe("the answer for a unit's tab", () => {
  it("totals the unit's own nodes, not the network's", () => {
    const full = {
      valid: true,
      errors: [],
      warnings: [],
      nodes: { stage1: { params: 500, macs: 9000 } },
      total_params: 1000,
      total_macs: 20000,
      units: { block: { nodes: { conv: { params: 160, macs: 1000 }, relu: { params: 0, macs: null } } } },
    } as unknown as FullResult;
    expect(resultFor(full, null)?.total_params).toBe(1000);
    const unit = resultFor(full, "block");
    expect(unit?.total_params).toBe(160);
    expect(unit?.total_macs).toBe(1000);
    expect(resultFor(full, "missing")?.total_params).toBe(0);
  });
});
