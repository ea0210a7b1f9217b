import { describe, expect, it } from "vitest";
import { formatCount, formatShape, summary } from "./format";

describe("node summaries", () => {
  it("writes key parameters in short form", () => {
    const conv = { out_channels: 16, kernel_size: 3, stride: 1, padding: 0 };
    expect(summary("Conv2d", { kernel_size: 5 }, conv)).toBe("16 @ 5×5");
    expect(summary("Conv2d", { kernel_size: [3, 5], padding: "same" }, conv)).toBe("16 @ 3×5, same");
    expect(summary("Linear", { out_features: 120 }, { out_features: 10 })).toBe("120");
    expect(summary("MaxPool2d", {}, { kernel_size: 2, stride: null })).toBe("2×2");
    expect(summary("ReLU", undefined, {})).toBe("");
  });

  it("formats shapes and counts", () => {
    expect(formatShape([16, 24, 24])).toBe("[16, 24, 24]");
    expect(formatShape(null)).toBe("");
    expect(formatCount(44426)).toBe("44,426");
  });
});
