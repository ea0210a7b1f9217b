import { describe, expect, it } from "vitest";
import { bestF1Threshold, binaryAt, classBalance } from "./thresholdScores";

// Ten samples, two positive (probabilities 0.9 and 0.4): a rare class, as in `imbalanced`.
const report = {
  labels: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1],
  probabilities: [0.05, 0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 0.6, 0.9, 0.4],
};

describe("binaryAt", () => {
  it("at 0.5 counts the network's own answers", () => {
    const s = binaryAt(report, 0.5);
    expect([s.truePositives, s.falsePositives, s.falseNegatives, s.trueNegatives]).toEqual([1, 1, 1, 7]);
    expect(s.precision).toBeCloseTo(0.5);
    expect(s.recall).toBeCloseTo(0.5);
    expect(s.f1).toBeCloseTo(0.5);
    expect(s.accuracy).toBeCloseTo(0.8);
  });

  it("a lower threshold finds every positive and pays in precision", () => {
    const s = binaryAt(report, 0.3);
    expect([s.truePositives, s.falsePositives, s.falseNegatives, s.trueNegatives]).toEqual([2, 3, 0, 5]);
    expect(s.recall).toBe(1);
    expect(s.precision).toBeCloseTo(0.4);
    expect(s.accuracy).toBeCloseTo(0.7);
  });

  it("a threshold above every probability: recall 0, yet accuracy stays at the share of negatives", () => {
    const s = binaryAt(report, 0.95);
    expect([s.truePositives, s.falsePositives, s.falseNegatives, s.trueNegatives]).toEqual([0, 0, 2, 8]);
    expect([s.precision, s.recall, s.f1]).toEqual([0, 0, 0]);
    expect(s.accuracy).toBeCloseTo(0.8);
  });

  it("counts a probability equal to the threshold as positive", () => {
    expect(binaryAt(report, 0.4).truePositives).toBe(2);
    expect(binaryAt(report, 0.41).truePositives).toBe(1);
  });

  it("gives zeros, not NaN, for no samples", () => {
    const s = binaryAt({ labels: [], probabilities: [] }, 0.5);
    expect([s.precision, s.recall, s.f1, s.accuracy]).toEqual([0, 0, 0, 0]);
  });
});

describe("bestF1Threshold", () => {
  it("finds the lowest threshold of the highest F1", () => {
    // 0.31 to 0.4 call 0.4, 0.6 and 0.9 positive: precision 2/3, recall 1, F1 0.8 (the best)
    const t = bestF1Threshold(report);
    expect(binaryAt(report, t).f1).toBeCloseTo(0.8);
    expect(t).toBeCloseTo(0.31);
  });
});

describe("classBalance", () => {
  it("names the negatives dominant from two to one", () => {
    expect(classBalance(report.labels)).toEqual({ negatives: 8, positives: 2, dominant: "negatives" });
    expect(classBalance([0, 0, 1]).dominant).toBe("negatives");
    expect(classBalance([0, 0, 0]).dominant).toBe("negatives");
  });

  it("calls XOR's 42 against 38 balanced, and 1.9 to 1 too", () => {
    const xor = [...Array(42).fill(0), ...Array(38).fill(1)];
    expect(classBalance(xor)).toEqual({ negatives: 42, positives: 38, dominant: "neither" });
    expect(classBalance([...Array(19).fill(0), ...Array(10).fill(1)]).dominant).toBe("neither");
    expect(classBalance([]).dominant).toBe("neither");
  });

  it("names the positives dominant when class 1 is the many", () => {
    expect(classBalance([0, 1, 1, 1]).dominant).toBe("positives");
  });
});
