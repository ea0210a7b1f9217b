import { describe, expect, it } from "vitest";
import { forecastSeries } from "./forecastSeries";

describe("forecastSeries", () => {
  it("puts the window's history before one step of truth and forecast", () => {
    const [xs, history, truth, forecast] = forecastSeries([[0.1], [0.2], [0.3]], {
      target: [0.4],
      predicted: [0.38],
    });
    expect(xs).toEqual([0, 1, 2, 3]);
    expect(history).toEqual([0.1, 0.2, 0.3, null]);
    expect(truth).toEqual([null, null, 0.3, 0.4]);
    expect(forecast).toEqual([null, null, 0.3, 0.38]);
  });

  it("is empty without a window", () => {
    expect(forecastSeries(undefined, undefined)).toEqual([[0], [null], [null], [null]]);
  });
});
