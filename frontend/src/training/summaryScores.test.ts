import { describe, expect, it } from "vitest";
import { summaryScores } from "./summaryScores";

describe("precision, recall and F1 of a run summary", () => {
  it("reads the validation figures", () => {
    const summary = { val_accuracy: 0.96, val_precision: 0.66, val_recall: 0.88, val_f1: 0.75 };
    expect(summaryScores(summary)).toEqual({ precision: 0.66, recall: 0.88, f1: 0.75 });
  });

  it("reads the training figures of a run without a validation split", () => {
    expect(summaryScores({ train_precision: 1, train_recall: 0.5, train_f1: 0.6 })).toEqual({
      precision: 1,
      recall: 0.5,
      f1: 0.6,
    });
  });

  it("has none for an older job, a regression or no summary", () => {
    expect(summaryScores({ val_accuracy: 0.9, val_loss: 0.2 })).toBeNull();
    expect(summaryScores({ val_mse: 0.1 })).toBeNull();
    expect(summaryScores(null)).toBeNull();
  });
});
