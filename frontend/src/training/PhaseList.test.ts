import { describe, expect, it } from "vitest";
import raw from "../../openapi.json?raw";
import { trainingConfigOptimizerValues } from "../api/schema";
import { effectiveOptimizer } from "../graph/phases";
import { en } from "../i18n/en";
import { ja } from "../i18n/ja";
import { configSchemaOf, defaults, fitsDataset } from "./launchForm";
import { settingText, shownTestFraction } from "./PhaseList";

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

describe("the job's test set beside its phases", () => {
  const schema = configSchemaOf(JSON.parse(raw));
  const values = { ...defaults(schema), test_fraction: "0.2" };
  const builtin = fitsDataset({ validation: "split", normal_class: null });

  it("is the test fraction the form sends for a built-in set", () => {
    expect(shownTestFraction(schema, values, builtin)).toBe(0.2);
    expect(shownTestFraction(schema, defaults(schema), builtin)).toBe(0);
    expect(shownTestFraction(null, values, builtin)).toBe(0);
  });

  it("is none where the form does not show the field (an upload chooses its own at upload)", () => {
    expect(shownTestFraction(schema, values, fitsDataset(undefined))).toBe(0);
  });

  it("says in English and Japanese that no phase trains on the test rows", () => {
    expect(en.phases.testHeldOut).toContain("No phase trains on them");
    expect(ja.phases.testHeldOut).toContain("どのフェーズもこの行では学習せず");
  });
});
