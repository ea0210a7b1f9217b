import { describe, expect, it } from "vitest";
import { lessonFit } from "./lessonFit";

const preset = {
  dataset: "digits",
  config: { epochs: 10, lr: 0.1 },
  note: { en: "Expect about 95% accuracy.", ja: "正解率はおよそ 95% です。" },
};
// the form as the preset fills it: its settings over the defaults
const lesson = { epochs: "10", lr: "0.1", optimizer: "adam", momentum: "0.9", early_stopping: false };
const fields = ["epochs", "lr", "optimizer", "early_stopping"];

describe("lessonFit", () => {
  it("holds on the preset's dataset with its form, however typed", () => {
    expect(lessonFit(preset, "digits", lesson, lesson, fields)).toBe("same");
    expect(lessonFit(preset, "digits", { ...lesson, lr: "0.10" }, lesson, fields)).toBe("same");
  });

  it("says when another dataset is chosen", () => {
    expect(lessonFit(preset, "mnist5k", lesson, lesson, fields)).toBe("otherDataset");
    expect(lessonFit(preset, "", lesson, lesson, fields)).toBe("otherDataset");
  });

  it("says when a shown setting differs, one the preset sets or a default it relies on", () => {
    expect(lessonFit(preset, "digits", { ...lesson, epochs: "5" }, lesson, fields)).toBe("changedSettings");
    expect(lessonFit(preset, "digits", { ...lesson, optimizer: "rmsprop" }, lesson, fields)).toBe(
      "changedSettings",
    );
    expect(lessonFit(preset, "digits", { ...lesson, early_stopping: true }, lesson, fields)).toBe(
      "changedSettings",
    );
    expect(lessonFit(preset, "digits", { ...lesson, lr: "" }, lesson, fields)).toBe("changedSettings");
  });

  it("ignores a hidden field, matches an upload chosen by id, and holds with no preset", () => {
    expect(lessonFit(preset, "digits", { ...lesson, momentum: "0.5" }, lesson, fields)).toBe("same");
    expect(lessonFit({ ...preset, dataset: "upload:3" }, "3", lesson, lesson, fields)).toBe("same");
    expect(lessonFit(null, "digits", lesson, lesson, fields)).toBe("same");
  });
});
