/** The chart data of a forecast over a whole validation period (the evaluation's `series`). */

export interface PeriodSeries {
  steps: string[];
  truth: number[];
  forecast: number[];
  first?: number;
  /** The values' unit (°C), empty or absent when the dataset names none. */
  unit?: string;
}

/** [step index, truth, forecast]: one point per validation step, in time order; x = i is
 * `series.steps[i]` (a date), so the chart's axis can name it. */
export function periodLines(series: PeriodSeries): number[][] {
  const count = Math.min(series.truth.length, series.forecast.length);
  const xs = Array.from({ length: count }, (_, i) => i);
  return [xs, series.truth.slice(0, count), series.forecast.slice(0, count)];
}

/** The period's first and last step names (dates) and its length, for the caption. */
export function periodSpan(series: PeriodSeries): { first: string; last: string; count: number } {
  const steps = series.steps;
  return { first: steps[0] ?? "", last: steps[steps.length - 1] ?? "", count: steps.length };
}
