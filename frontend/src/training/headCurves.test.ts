import { describe, expect, it } from "vitest";
import { headColour, headKeys } from "./headCurves";

describe("headKeys", () => {
  const rows = [
    { epoch: 1, train_loss: 1, val_loss: 0.9, "val_loss/digit_loss": 0.7, "val_loss/parity_loss": 0.4 },
    { epoch: 2, val_accuracy: 0.9, "val_accuracy/digit_loss": 0.9, "val_accuracy/parity_loss": 0.8 },
  ];
  it("lists each loss's keys of one metric, in first-seen order", () => {
    expect(headKeys(rows, "val_loss")).toEqual(["val_loss/digit_loss", "val_loss/parity_loss"]);
    expect(headKeys(rows, "val_accuracy")).toEqual(["val_accuracy/digit_loss", "val_accuracy/parity_loss"]);
  });
  it("finds none in a one-head run", () => {
    expect(headKeys([{ epoch: 1, val_loss: 1 }], "val_loss")).toEqual([]);
  });
  it("gives each head its own colour", () => {
    const keys = ["a", "b"];
    expect(headColour(keys, "a")).not.toEqual(headColour(keys, "b"));
  });
});
