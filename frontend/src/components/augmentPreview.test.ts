import { describe, expect, it } from "vitest";
import { previewDataset } from "./augmentPreview";

describe("previewDataset", () => {
  it("asks for a built-in set by name and an upload by its id", () => {
    expect(previewDataset("digits")).toBe("digits");
    expect(previewDataset("upload:12")).toBe(12);
  });
  it("asks for nothing (the server's digits) without a preset", () => {
    expect(previewDataset(null)).toBeNull();
    expect(previewDataset("")).toBeNull();
  });
});
