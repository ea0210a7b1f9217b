import { describe, expect, it } from "vitest";
import { type Calibration, calibrationCsv, overconfidentShare, tallest, thresholdLines } from "./likelihood";

const bin = (k: number, right: number, wrong: number, confidence: number | null) => ({
  lo: k / 10,
  hi: (k + 1) / 10,
  right,
  wrong,
  accuracy: right + wrong ? right / (right + wrong) : null,
  confidence,
});

// Two used bins: 0.55 (1 right), 0.85 (1 right, 1 wrong, mean likelihood 0.835).
const report: Calibration = {
  bins: Array.from({ length: 10 }, (_, k) =>
    k === 5 ? bin(5, 1, 0, 0.55) : k === 8 ? bin(8, 1, 1, 0.835) : bin(k, 0, 0, null),
  ),
  ece: (0.45 + 2 * 0.335) / 3,
  thresholds: Array.from({ length: 10 }, (_, k) => ({
    threshold: k / 10,
    answered: k <= 5 ? 3 : k <= 8 ? 2 : 0,
    accuracy: k <= 5 ? 2 / 3 : k <= 8 ? 0.5 : null,
    coverage: k <= 5 ? 1 : k <= 8 ? 2 / 3 : 0,
  })),
  total: 3,
  source: "softmax",
};

describe("calibrationCsv", () => {
  it("writes a header and one row per bin, empty cells for an empty bin", () => {
    const lines = calibrationCsv(report).trimEnd().split("\n");
    expect(lines[0]).toBe("bin,lo,hi,right,wrong,accuracy,confidence");
    expect(lines).toHaveLength(11);
    expect(lines[1]).toBe("0,0,0.1,0,0,,");
    expect(lines[9]).toBe("8,0.8,0.9,1,1,0.5,0.835");
  });
});

describe("thresholdLines", () => {
  it("gives thresholds, accuracy and coverage in %, null where nothing is answered", () => {
    const [x, accuracy, coverage] = thresholdLines(report);
    expect(x).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(accuracy?.[0]).toBe(66.7);
    expect(accuracy?.[9]).toBeNull();
    expect(coverage?.[8]).toBe(66.7);
  });
});

describe("tallest and overconfidentShare", () => {
  it("finds the fullest bin and the share of the gap from bins below the diagonal", () => {
    expect(tallest(report)).toBe(2);
    // bin 5 is under-confident (gap 0.45), bin 8 over-confident (2 · 0.335)
    expect(overconfidentShare(report)).toBeCloseTo(0.67 / 1.12);
  });
});
