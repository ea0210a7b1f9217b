import { describe, expect, it } from "vitest";
import { periodLines, periodSpan } from "./periodSeries";

describe("periodLines", () => {
  it("gives one point per validation step, truth and forecast in time order", () => {
    const series = {
      steps: ["2015-01-01", "2015-01-02", "2015-01-03"],
      truth: [5, 6, 4],
      forecast: [5.5, 5, 4.2],
    };
    expect(periodLines(series)).toEqual([
      [0, 1, 2],
      [5, 6, 4],
      [5.5, 5, 4.2],
    ]);
    expect(periodSpan(series)).toEqual({ first: "2015-01-01", last: "2015-01-03", count: 3 });
  });

  it("numbers the points from 0 so that x = i is the step named steps[i]", () => {
    expect(periodLines({ steps: ["7", "8"], truth: [1, 2], forecast: [1, 2], first: 7 })[0]).toEqual([0, 1]);
  });
});
