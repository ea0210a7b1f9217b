import { describe, expect, it } from "vitest";
import { formatCompact, formatCount, formatShape } from "./format";

describe("formatting", () => {
  it("formats shapes and counts", () => {
    expect(formatShape([16, 24, 24])).toBe("[16, 24, 24]");
    expect(formatShape(null)).toBe("");
    expect(formatCount(44426)).toBe("44,426");
    expect(formatCompact(12_345_678)).toBe("12.3M");
  });
});
