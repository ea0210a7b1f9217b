import { describe, expect, it } from "vitest";
import { boundLine, unitUseLine } from "./unitSummary";

describe("unit summaries", () => {
  it("a use shows its argument values, repeat and sharing", () => {
    expect(unitUseLine({ unit: "block" }, "shared")).toBe("block");
    expect(unitUseLine({ unit: "block", args: { channels: 8 }, repeat: 2 }, "shared")).toBe(
      "block (channels 8) ×2",
    );
    expect(unitUseLine({ unit: "block", args: { k: [3, 5] }, repeat: 3, share_weights: true }, "共有")).toBe(
      "block (k [3,5]) ×3 · 共有",
    );
  });

  it("a node in a unit shows its parameters bound to arguments", () => {
    expect(boundLine({ out_channels: "$channels", kernel_size: 3, stride: "$step" })).toBe(
      "out_channels $channels, stride $step",
    );
    expect(boundLine({ kernel_size: 3 })).toBe("");
  });
});
