import { describe, expect, it } from "vitest";
import {
  freezeOf,
  initFromOf,
  pretrainedLabel,
  shippedWeights,
  startFit,
  startVsEnd,
  unfit,
} from "./startWeights";

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

describe("whether an earlier job's weights fit the network", () => {
  const cnn = {
    conv1: { weights: "weight 8×1×3×3, bias 8" },
    relu: { weights: null },
    fc1: { weights: "weight 10×72, bias 10" },
  };
  it("shares the nodes of the same id and a weight of the same shape", () => {
    const job = { conv1: "weight 8×1×3×3, bias 8", fc1: "weight 5×32, bias 5" };
    expect(startFit(job, cnn)).toEqual({ shared: ["conv1"], reshaped: ["fc1"], theirs: ["conv1", "fc1"] });
    expect(unfit(startFit(job, cnn))).toBe(false);
  });

  it("shares a node whose bias alone differs, as the worker copies its weight", () => {
    expect(startFit({ fc1: "weight 10×72" }, cnn)?.shared).toEqual(["fc1"]);
  });

  it("cannot start from a network with no node in common", () => {
    const spiral = { fc1: "weight 64×2, bias 64", fc2: "weight 3×64, bias 3" };
    const fit = startFit(spiral, cnn);
    expect(unfit(fit)).toBe(true);
    expect(fit?.reshaped).toEqual(["fc1"]);
    expect(unfit(startFit({ dense: "weight 3×2" }, cnn))).toBe(true);
    expect(startFit({ dense: "weight 3×2" }, cnn)?.reshaped).toEqual([]);
  });

  it("knows nothing without the job's weights or the validation", () => {
    expect(startFit(null, cnn)).toBeNull();
    expect(unfit(startFit({ fc1: "weight 1×1" }, undefined))).toBe(false);
  });
});

describe("shipped weights in the picker", () => {
  it("reads each node's weight shapes from the catalogue's keys", () => {
    const keys = { "conv1.weight": [8, 1, 5, 5], "conv1.bias": [8], "fc.weight": [5, 64] };
    expect(shippedWeights(keys)).toEqual({ conv1: "weight 8×1×5×5, bias 8", fc: "weight 5×64" });
  });
});
