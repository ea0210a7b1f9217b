import { describe, expect, it } from "vitest";
import { jobColour, overlay } from "./overlay";

const amy = {
  id: 4,
  owner: "amy",
  rows: [
    { epoch: 1, train_loss: 0.7, val_loss: 0.68, val_accuracy: 0.5 },
    { epoch: 2, train_loss: 0.4, val_loss: 0.35, val_accuracy: 0.875 },
  ],
};
const ben = {
  id: 9,
  owner: "ben",
  rows: [
    { epoch: 1, train_loss: 0.9 },
    { epoch: 2, train_loss: 0.6 },
    { epoch: 3, train_loss: 0.5 },
  ],
};

describe("overlay", () => {
  it("names each line by student and job, a colour per job, training dashed", () => {
    const { lines } = overlay([amy, ben], ["train_loss", "val_loss"]);
    expect(lines).toEqual([
      { label: "amy #4 train_loss", color: jobColour(0), dash: true },
      { label: "amy #4 val_loss", color: jobColour(0), dash: false },
      { label: "ben #9 train_loss", color: jobColour(1), dash: true },
    ]);
    expect(jobColour(0)).not.toEqual(jobColour(1));
  });

  it("calls each metric by the name given, keeping the student and job", () => {
    const names: Record<string, string> = { train_loss: "Training loss", val_loss: "Validation loss" };
    const { lines } = overlay([amy], ["train_loss", "val_loss"], (key) => names[key] ?? key);
    expect(lines.map((l) => l.label)).toEqual(["amy #4 Training loss", "amy #4 Validation loss"]);
  });

  it("puts every job on the union of their epochs, null where one has none", () => {
    const { data } = overlay([amy, ben], ["train_loss", "val_loss"]);
    expect(data).toEqual([
      [1, 2, 3],
      [0.7, 0.4, null],
      [0.68, 0.35, null],
      [0.9, 0.6, 0.5],
    ]);
  });

  it("leaves out a job without the metric, keeping the others' colours", () => {
    const { lines } = overlay([ben, amy], ["train_accuracy", "val_accuracy"]);
    expect(lines).toEqual([{ label: "amy #4 val_accuracy", color: jobColour(1), dash: false }]);
    expect(overlay([ben], ["val_accuracy"])).toEqual({ lines: [], data: [[]] });
  });
});
