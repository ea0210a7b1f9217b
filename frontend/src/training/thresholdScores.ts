/** A two-class classifier at a decision threshold: the confusion matrix, precision, recall, F1
 * and accuracy of "positive" (class 1), recounted from the evaluation's `binary` section.
 *
 * The worker (worker/evaluation.py `binary_scores`) keeps each validation sample's label (0 or
 * 1) and its probability of class 1. A sample is called positive when that probability is at
 * least the threshold; at 0.5 this is the network's own answer (its top class). */

export interface BinarySamples {
  labels: number[];
  probabilities: number[];
}

export interface BinaryCounts {
  threshold: number;
  /** Positives found, negatives called positive, positives missed, negatives left. */
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

/** The counts and scores of calling "positive" every sample whose probability >= threshold.
 * Precision with nothing called positive, and recall with no positives, are 0. */
export function binaryAt(report: BinarySamples, threshold: number): BinaryCounts {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  report.labels.forEach((label, i) => {
    const called = (report.probabilities[i] ?? 0) >= threshold;
    if (label === 1) {
      if (called) tp += 1;
      else fn += 1;
    } else if (called) fp += 1;
    else tn += 1;
  });
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const all = tp + fp + fn + tn;
  return {
    threshold,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision,
    recall,
    f1,
    accuracy: all > 0 ? (tp + tn) / all : 0,
  };
}

/** The threshold in `steps` (0.01 .. 0.99 by default) whose F1 is highest; the lowest on a tie. */
export function bestF1Threshold(report: BinarySamples, steps = 99): number {
  let best = 0.5;
  let bestF1 = -1;
  for (let k = 1; k <= steps; k += 1) {
    const threshold = Math.round((k / (steps + 1)) * 100) / 100;
    const { f1 } = binaryAt(report, threshold);
    if (f1 > bestF1) {
      best = threshold;
      bestF1 = f1;
    }
  }
  return best;
}

/** How many of each class, and which (if either) outnumbers the other by at least
 * `DOMINANT` to 1: the threshold's explanation claims that accuracy, carried by the many of
 * one class, hardly moves only when that class does dominate. */
export interface ClassBalance {
  negatives: number;
  positives: number;
  dominant: "negatives" | "positives" | "neither";
}

export const DOMINANT = 2;

export function classBalance(labels: readonly number[]): ClassBalance {
  const positives = labels.filter((label) => label === 1).length;
  const negatives = labels.length - positives;
  const dominant =
    negatives > 0 && negatives >= DOMINANT * positives
      ? "negatives"
      : positives > 0 && positives >= DOMINANT * negatives
        ? "positives"
        : "neither";
  return { negatives, positives, dominant };
}
