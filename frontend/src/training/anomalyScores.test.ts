import { describe, expect, it } from "vitest";
import { anomalyCounts, grouped, scoresAt } from "./anomalyScores";

// Four bins over edges 1, 2, 4, 8, 16. Normal: 5, 3, 1, 0; anomalies: 0, 1, 2, 4 (two kinds).
const report = {
  normal_class: "normal",
  bin_edges: [1, 2, 4, 8, 16],
  counts: { normal: [5, 3, 1, 0], spike: [0, 1, 0, 3], frozen: [0, 0, 2, 1] },
};

describe("anomalyCounts", () => {
  it("adds every class but the normal one, bin by bin", () => {
    expect(anomalyCounts(report)).toEqual([0, 1, 2, 4]);
  });
});

describe("scoresAt", () => {
  it("flags every sample at the first edge: recall 1, precision the share of anomalies", () => {
    const s = scoresAt(report, 0);
    expect(s.threshold).toBe(1);
    expect([s.truePositives, s.falsePositives, s.falseNegatives]).toEqual([7, 9, 0]);
    expect(s.precision).toBeCloseTo(7 / 16);
    expect(s.recall).toBe(1);
  });

  it("counts the bins at and above the threshold's edge", () => {
    // threshold 4: anomalies 2 + 4 = 6 flagged, 1 missed; normal 1 flagged
    const s = scoresAt(report, 2);
    expect(s.threshold).toBe(4);
    expect([s.truePositives, s.falsePositives, s.falseNegatives]).toEqual([6, 1, 1]);
    expect(s.precision).toBeCloseTo(6 / 7);
    expect(s.recall).toBeCloseTo(6 / 7);
    expect(s.f1).toBeCloseTo(6 / 7);
  });

  it("moving the threshold up trades recall for precision", () => {
    const low = scoresAt(report, 1);
    const high = scoresAt(report, 3);
    expect(high.precision).toBeGreaterThan(low.precision);
    expect(high.recall).toBeLessThan(low.recall);
    expect([high.truePositives, high.falsePositives]).toEqual([4, 0]);
  });

  it("flags nothing at the last edge, and clamps indices outside the edges", () => {
    const top = scoresAt(report, 4);
    expect([top.truePositives, top.precision, top.recall, top.f1]).toEqual([0, 0, 0, 0]);
    expect(scoresAt(report, 99)).toEqual(top);
    expect(scoresAt(report, -3)).toEqual(scoresAt(report, 0));
  });
});

describe("grouped", () => {
  it("adds adjacent bins in groups, the last group possibly shorter", () => {
    expect(grouped([1, 2, 3, 4, 5], 2)).toEqual([3, 7, 5]);
    expect(grouped([1, 2], 4)).toEqual([3]);
  });
});
