import { describe, expect, it } from "vitest";
import { datasetRef, sameDataJob, splitDiffers, withSplitOf } from "./startSplit";

const digits = { id: 7, dataset: "digits", config: { seed: 3, validation_split: 0.25, test_fraction: 0.1 } };
const upload = { id: 8, dataset: "upload:12", config: { seed: 0, validation_split: 0.2, test_fraction: 0 } };

describe("startSplit", () => {
  it("names an upload choice as a job does", () => {
    expect(datasetRef("12")).toBe("upload:12");
    expect(datasetRef("digits")).toBe("digits");
  });

  it("finds the earlier job only when it trained on the chosen dataset", () => {
    expect(sameDataJob("7", "digits", [digits, upload])).toBe(digits);
    expect(sameDataJob("8", "12", [digits, upload])).toBe(upload);
    expect(sameDataJob("7", "iris", [digits, upload])).toBeNull();
    expect(sameDataJob("pretrained:digits_clean", "digits", [digits])).toBeNull();
    expect(sameDataJob(null, "digits", [digits])).toBeNull();
  });

  it("sets the form's split to the job's and tells when it differs", () => {
    const form = { seed: "0", validation_split: "0.2", test_fraction: "0", epochs: "10" };
    expect(splitDiffers(form, digits)).toBe(true);
    const kept = withSplitOf(form, digits);
    expect(kept).toEqual({ seed: "3", validation_split: "0.25", test_fraction: "0.1", epochs: "10" });
    expect(splitDiffers(kept, digits)).toBe(false);
    expect(splitDiffers({ ...kept, validation_split: "0.250" }, digits)).toBe(false);
    expect(splitDiffers({ ...kept, seed: "4" }, digits)).toBe(true);
  });
});
