/** The likelihood graph's data (the evaluation's `calibration`, `worker/calibration.py`) as the
 * job page draws and downloads it: bar geometry, threshold lines, CSV. */

export interface CalibrationBin {
  lo: number;
  hi: number;
  right: number;
  wrong: number;
  accuracy: number | null;
  confidence: number | null;
}

export interface CalibrationThreshold {
  threshold: number;
  answered: number;
  accuracy: number | null;
  coverage: number;
}

export interface Calibration {
  bins: CalibrationBin[];
  ece: number;
  thresholds: CalibrationThreshold[];
  total: number;
  source: string;
}

const CSV_HEADER = "bin,lo,hi,right,wrong,accuracy,confidence";

const cell = (v: number | null) => (v === null ? "" : String(Number(v.toFixed(6))));

/** One row per bin, an empty cell where an empty bin has no accuracy or confidence. */
export function calibrationCsv(report: Calibration): string {
  const rows = report.bins.map((b, k) =>
    [k, b.lo, b.hi, b.right, b.wrong, cell(b.accuracy), cell(b.confidence)].join(","),
  );
  return `${[CSV_HEADER, ...rows].join("\n")}\n`;
}

/** The largest bin's sample count (at least 1): the stacked bars' full height. */
export function tallest(report: Calibration): number {
  return Math.max(1, ...report.bins.map((b) => b.right + b.wrong));
}

/** uPlot's columns for the threshold lines: x = the threshold in %, then accuracy and
 * coverage in % (null where nothing is answered, which the line skips). */
export function thresholdLines(report: Calibration): (number | null)[][] {
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  return [
    report.thresholds.map((t) => Math.round(t.threshold * 100)),
    report.thresholds.map((t) => pct(t.accuracy)),
    report.thresholds.map((t) => pct(t.coverage)),
  ];
}

/** Where the network is more confident than right, summed as the ECE would: the share of
 * the ECE from bins whose accuracy is below their mean likelihood. */
export function overconfidentShare(report: Calibration): number {
  let over = 0;
  let all = 0;
  for (const b of report.bins) {
    if (b.accuracy === null || b.confidence === null) continue;
    const gap = (b.right + b.wrong) * Math.abs(b.accuracy - b.confidence);
    all += gap;
    if (b.accuracy < b.confidence) over += gap;
  }
  return all > 0 ? over / all : 0;
}
