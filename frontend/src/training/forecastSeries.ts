/** The chart data of a forecast: the window's first feature over time, then one step ahead. */

import type { Prediction } from "../api/models";

function first(value: unknown): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === "number" ? v : null;
}

/** [t, history, truth, forecast]: the history ends at t = T-1, truth and forecast sit at t = T. */
export function forecastSeries(
  window: unknown,
  prediction: Pick<Prediction, "target" | "predicted"> | undefined,
): (number | null)[][] {
  const steps = Array.isArray(window) ? window.map(first) : [];
  const xs = [...steps.map((_, i) => i), steps.length];
  const history = [...steps, null];
  const truth: (number | null)[] = steps.map(() => null);
  const forecast: (number | null)[] = steps.map(() => null);
  truth.push(first(prediction?.target));
  forecast.push(first(prediction?.predicted));
  if (steps.length > 0) {
    truth[steps.length - 1] = steps[steps.length - 1] ?? null; // joins the truth to the history
    forecast[steps.length - 1] = steps[steps.length - 1] ?? null;
  }
  return [xs, history, truth, forecast];
}
