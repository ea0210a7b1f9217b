/** Precision, recall and F1 of "anomaly" at a threshold, from the per-class error histograms.
 *
 * The worker (worker/anomaly.py) sends each class's reconstruction errors counted in bins
 * over `bin_edges`; bin k holds the errors e with edges[k] <= e < edges[k + 1]. A sample is
 * flagged as an anomaly when its error is at least the threshold, so a threshold at edge k
 * flags exactly bins k and above, and these figures are exact there. */

export interface AnomalyHistogram {
  normal_class: string;
  bin_edges: number[];
  counts: Record<string, number[]>;
}

export interface ThresholdScores {
  threshold: number;
  /** Anomalies flagged (true positives), normal samples flagged, anomalies missed. */
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

const sumFrom = (row: number[], start: number) => row.slice(start).reduce((a, b) => a + b, 0);

/** The histogram of every class but the normal one, bin by bin. */
export function anomalyCounts(report: AnomalyHistogram): number[] {
  const bins = Math.max(report.bin_edges.length - 1, 0);
  const total = new Array<number>(bins).fill(0);
  for (const [name, row] of Object.entries(report.counts)) {
    if (name === report.normal_class) continue;
    row.forEach((count, k) => {
      total[k] = (total[k] ?? 0) + count;
    });
  }
  return total;
}

/** The scores of flagging errors >= bin_edges[index] (index 0 .. bins; clamped). */
export function scoresAt(report: AnomalyHistogram, index: number): ThresholdScores {
  const edges = report.bin_edges;
  const k = Math.min(Math.max(Math.round(index), 0), Math.max(edges.length - 1, 0));
  const anomalies = anomalyCounts(report);
  const normal = report.counts[report.normal_class] ?? [];
  const truePositives = sumFrom(anomalies, k);
  const falsePositives = sumFrom(normal, k);
  const falseNegatives = sumFrom(anomalies, 0) - truePositives;
  const flagged = truePositives + falsePositives;
  const precision = flagged > 0 ? truePositives / flagged : 0;
  const recall = truePositives + falseNegatives > 0 ? truePositives / (truePositives + falseNegatives) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    threshold: edges[k] ?? 0,
    truePositives,
    falsePositives,
    falseNegatives,
    precision,
    recall,
    f1,
  };
}

/** Adjacent bins added up in groups of `size`: the display's coarser bars. */
export function grouped(row: number[], size: number): number[] {
  const out: number[] = [];
  row.forEach((count, k) => {
    const g = Math.floor(k / size);
    out[g] = (out[g] ?? 0) + count;
  });
  return out;
}
