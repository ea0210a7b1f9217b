import { describe, expect, it } from "vitest";
import { swatchFill } from "./Chart";

describe("a legend swatch", () => {
  it("is the line's colour, solid, for a solid line", () => {
    expect(swatchFill({ color: "#dc2626" })).toBe("#dc2626");
  });

  it("is dashed, in the line's own 6/4 pattern, for a dashed line", () => {
    expect(swatchFill({ color: "#4f46e5", dash: true })).toBe(
      "repeating-linear-gradient(to right, #4f46e5 0 6px, transparent 6px 10px)",
    );
  });
});
