import { describe, expect, it } from "vitest";
import { previewDataset, previewKey } from "./augmentPreview";

describe("previewDataset", () => {
  it("asks for a built-in set by name and an upload by its id", () => {
    expect(previewDataset("digits")).toBe("digits");
    expect(previewDataset("upload:12")).toBe(12);
    expect(previewDataset("12")).toBe(12); // the launch panel's choice of an upload
  });
  it("tells an answer for other parameters or another dataset apart", () => {
    const key = previewKey({ angle: 40 }, "digits");
    expect(previewKey({ angle: 40 }, "digits")).toBe(key);
    expect(previewKey({ angle: 10 }, "digits")).not.toBe(key);
    expect(previewKey({ angle: 40 }, "mnist5k")).not.toBe(key);
  });
  it("asks for nothing (the server's digits) without a preset", () => {
    expect(previewDataset(null)).toBeNull();
    expect(previewDataset("")).toBeNull();
  });
});
