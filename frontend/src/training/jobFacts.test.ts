import { describe, expect, it } from "vitest";
import type { Phase } from "../graph/phases";
import { phaseOptimizers, waitReason } from "./jobFacts";

describe("phaseOptimizers", () => {
  it("names each phase's own optimizer and lr, else the job's", () => {
    const phases: Phase[] = [
      { name: "generator", losses: ["g_loss"], updates: ["G"], optimizer: { optimizer: "adam", lr: 0.0002 } },
      { name: "discriminator", losses: ["d_loss"], updates: ["D"], optimizer: { lr: 0.0005 } },
      { name: "critic", losses: ["c_loss"], updates: ["C"] },
    ];
    expect(phaseOptimizers(phases, { optimizer: "sgd", lr: 0.01 })).toEqual([
      { phase: "generator", optimizer: "adam", lr: "0.0002" },
      { phase: "discriminator", optimizer: "sgd", lr: "0.0005" },
      { phase: "critic", optimizer: "sgd", lr: "0.01" },
    ]);
  });
  it("gives nothing for a job without phases", () => {
    expect(phaseOptimizers([], { optimizer: "adam", lr: 0.001 })).toEqual([]);
  });
});

describe("waitReason", () => {
  it("says why a queued job waits, and nothing for others", () => {
    expect(waitReason({ status: "queued", reason: "Waiting for a GPU" })).toBe("Waiting for a GPU");
    expect(waitReason({ status: "queued", reason: "" })).toBeNull();
    expect(waitReason({ status: "running", reason: "Waiting for a GPU" })).toBeNull();
    expect(waitReason({ status: "failed", reason: "out of memory" })).toBeNull();
  });
});
