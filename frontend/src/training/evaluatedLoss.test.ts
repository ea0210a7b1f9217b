import { describe, expect, it } from "vitest";
import { evaluatedLoss } from "./evaluatedLoss";

describe("evaluatedLoss", () => {
  it("reads the validation loss of a job evaluated on its validation split", () => {
    expect(evaluatedLoss("validation", { train_loss: 0.5, val_loss: 0.25 })).toBe(0.25);
  });
  it("reads the training loss when the evaluation is of the training split", () => {
    expect(evaluatedLoss("training", { train_loss: 0.5 })).toBe(0.5);
  });
  it("has none without a summary or a figure", () => {
    expect(evaluatedLoss("validation", null)).toBeUndefined();
    expect(evaluatedLoss("validation", { train_loss: 0.5 })).toBeUndefined();
    expect(evaluatedLoss("validation", { val_loss: "0.2" })).toBeUndefined();
  });
});
