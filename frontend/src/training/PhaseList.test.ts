import { describe, expect, it } from "vitest";
import { effectiveOptimizer } from "../graph/phases";
import { settingText } from "./PhaseList";

describe("settingText", () => {
  const tag = { phase: "phase", job: "job" };

  it("writes each effective setting with where it comes from", () => {
    const phase = {
      name: "discriminator",
      losses: ["d_real_loss"],
      updates: ["D"],
      optimizer: { optimizer: "adam" as const, lr: 0.0005, beta1: 0.5 },
    };
    const job = { optimizer: "sgd", lr: "0.01" };
    expect(effectiveOptimizer(phase, job).map((s) => settingText(s, tag))).toEqual([
      "adam (phase)",
      "lr 0.0005 (phase)",
      "beta1 0.5 (phase)",
    ]);
  });

  it("shows a dash for a value the form has not given yet", () => {
    expect(settingText({ field: "lr", value: "", fromPhase: false }, tag)).toBe("lr — (job)");
  });
});
