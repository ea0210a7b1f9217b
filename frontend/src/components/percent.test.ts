import { describe, expect, it } from "vitest";
import { percentText, ratioText } from "./percent";

describe("percentText", () => {
  it("reads an accuracy as a percentage with one decimal", () => {
    expect(percentText(0.875)).toBe("87.5 %");
    expect(percentText(1)).toBe("100.0 %");
    expect(percentText(0)).toBe("0.0 %");
    expect(percentText(0.12345)).toBe("12.3 %");
  });

  it("gives the exact figure and its float32 copy the same digit, a half rounded up", () => {
    expect(percentText(0.9625)).toBe("96.3 %"); // the evaluation's, in float64
    expect(percentText(Math.fround(0.9625))).toBe("96.3 %"); // 0.96249997: a float32 summary
    expect(percentText(Math.fround(0.1235))).toBe(percentText(0.1235));
    expect(percentText(0.1235)).toBe("12.4 %"); // 12.35 is no exact float: still up
  });

  it("keeps a figure below a half below it", () => {
    expect(percentText(0.96249)).toBe("96.2 %");
    expect(percentText(0.9624)).toBe("96.2 %");
  });

  it("says nothing for a missing figure", () => {
    expect(percentText(undefined)).toBe("–");
    expect(percentText(null)).toBe("–");
    expect(percentText(Number.NaN)).toBe("–");
  });
});

describe("ratioText", () => {
  it("reads precision, recall and F1 as a ratio with three decimals, as sklearn's report does", () => {
    expect(ratioText(0.9625)).toBe("0.963");
    expect(ratioText(1)).toBe("1.000");
    expect(ratioText(0)).toBe("0.000");
  });

  it("takes an exact half up, as tests/e2e/figures.py ratio_text does (15/16 of a class)", () => {
    expect(ratioText(0.0625)).toBe("0.063");
    expect(ratioText(0.9375)).toBe("0.938");
  });

  it("shows a dash for a figure that is not there", () => {
    expect(ratioText(undefined)).toBe("–");
    expect(ratioText(null)).toBe("–");
    expect(ratioText(Number.NaN)).toBe("–");
  });
});
