import { describe, expect, it } from "vitest";
import { optimizerText } from "./PhaseList";

describe("optimizerText", () => {
  it("writes a phase's optimizer overrides on one line", () => {
    const phase = {
      name: "discriminator",
      losses: ["d_real_loss"],
      updates: ["D"],
      optimizer: { optimizer: "adam" as const, lr: 0.0005, beta1: 0.5 },
    };
    expect(optimizerText(phase)).toBe("adam, lr 0.0005, beta1 0.5");
    expect(optimizerText({ ...phase, optimizer: null })).toBe("");
  });
});
