import { describe, expect, it } from "vitest";
import { lessonFit } from "./lessonFit";

const preset = {
  dataset: "digits",
  config: { epochs: 10, lr: 0.1, optimizer: "momentum", early_stopping: false, init_from: null },
  note: { en: "Expect about 95% accuracy.", ja: "正解率はおよそ 95% です。" },
};
const values = { epochs: "10", lr: "0.1", optimizer: "momentum", early_stopping: false, batch_size: "64" };

describe("lessonFit", () => {
  it("holds on the preset's dataset with its settings, however typed", () => {
    expect(lessonFit(preset, "digits", values)).toBe("same");
    expect(lessonFit(preset, "digits", { ...values, lr: "0.10", batch_size: "32" })).toBe("same");
  });

  it("says when another dataset is chosen", () => {
    expect(lessonFit(preset, "mnist5k", values)).toBe("otherDataset");
    expect(lessonFit(preset, "", values)).toBe("otherDataset");
  });

  it("says when a setting the preset sets was changed", () => {
    expect(lessonFit(preset, "digits", { ...values, optimizer: "adam" })).toBe("changedSettings");
    expect(lessonFit(preset, "digits", { ...values, early_stopping: true })).toBe("changedSettings");
    expect(lessonFit(preset, "digits", { ...values, lr: "" })).toBe("changedSettings");
  });

  it("matches an upload chosen by id, and holds with no preset", () => {
    expect(lessonFit({ ...preset, dataset: "upload:3" }, "3", values)).toBe("same");
    expect(lessonFit(null, "digits", values)).toBe("same");
  });
});
