import { describe, expect, it } from "vitest";
import { trainingConfigOptimizerValues } from "../api/schema";
import { effectiveOptimizer } from "../graph/phases";
import { en } from "../i18n/en";
import { ja } from "../i18n/ja";
import { settingText } from "./PhaseList";

describe("settingText", () => {
  const titles: Record<string, string> = { lr: "Learning rate", beta1: "β1" };
  const tag = {
    phase: "phase",
    job: "job",
    title: (field: string) => titles[field] ?? field,
    optimizer: (name: string) => ({ adam: "Adam", sgd: "SGD" })[name] ?? name,
  };

  it("writes each effective setting with where it comes from", () => {
    const phase = {
      name: "discriminator",
      losses: ["d_real_loss"],
      updates: ["D"],
      optimizer: { optimizer: "adam" as const, lr: 0.0005, beta1: 0.5 },
    };
    const job = { optimizer: "sgd", lr: "0.01" };
    expect(effectiveOptimizer(phase, job).map((s) => settingText(s, tag))).toEqual([
      "Adam (phase)",
      "Learning rate 0.0005 (phase)",
      "β1 0.5 (phase)",
    ]);
  });

  it("shows a dash for a value the form has not given yet", () => {
    expect(settingText({ field: "lr", value: "", fromPhase: false }, tag)).toBe("Learning rate — (job)");
    expect(settingText({ field: "optimizer", value: "", fromPhase: false }, tag)).toBe("— (job)");
  });
});

describe("optimizer display names", () => {
  it("names every optimizer the service takes, in English and Japanese", () => {
    for (const name of trainingConfigOptimizerValues) {
      expect(en.training.launch.optimizers[name]).toBeTruthy();
      expect(ja.training.launch.optimizers[name]).toBeTruthy();
    }
  });
});
