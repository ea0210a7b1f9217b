import { describe, expect, it } from "vitest";
import { freezeOf, initFromOf, pretrainedLabel, startVsEnd } from "./startWeights";

describe("a preset's start and frozen nodes", () => {
  it("reads init_from and freeze from a lesson's config", () => {
    const config = { epochs: 5, init_from: "pretrained:mnist_0to4", freeze: ["conv1", "fc1"] };
    expect(initFromOf(config)).toBe("pretrained:mnist_0to4");
    expect(freezeOf(config)).toEqual(["conv1", "fc1"]);
  });

  it("starts from scratch when the config names no start", () => {
    expect(initFromOf({ epochs: 5 })).toBeNull();
    expect(initFromOf(null)).toBeNull();
    expect(initFromOf({ init_from: "" })).toBeNull();
    expect(freezeOf({ freeze: "conv1" })).toEqual([]);
  });
});

describe("pretrained weights in the picker", () => {
  const entry = { name: "digits_clean", title: "Clean digits", title_ja: "手書き数字", accuracy: 0.9812 };
  it("shows the name, the title in the UI language and the accuracy", () => {
    expect(pretrainedLabel(entry, "en")).toBe("digits_clean — Clean digits (98.1 %)");
    expect(pretrainedLabel(entry, "ja")).toBe("digits_clean — 手書き数字 (98.1 %)");
  });
});

describe("before and after training", () => {
  it("pairs the starting weights' validation accuracy with the final one", () => {
    const summary = { start_val_accuracy: 0.2, val_accuracy: 0.9, start_val_loss: 3, val_loss: 0.3 };
    expect(startVsEnd(summary)).toEqual({ metric: "accuracy", before: 0.2, after: 0.9 });
  });

  it("falls back to the loss, and is absent for a run from scratch", () => {
    expect(startVsEnd({ start_val_loss: 3, val_loss: 0.3 })).toEqual({
      metric: "loss",
      before: 3,
      after: 0.3,
    });
    expect(startVsEnd({ val_accuracy: 0.9 })).toBeNull();
    expect(startVsEnd(undefined)).toBeNull();
  });
});
