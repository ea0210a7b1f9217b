import { describe, expect, it } from "vitest";
import {
  type BoundaryData,
  boundaryCsv,
  cellOf,
  decode,
  isTwoD,
  latest,
  pointsOnTheirSide,
  shares,
  tickLabel,
} from "./boundary";

const b64 = (values: number[]) => btoa(String.fromCharCode(...values));

/** A 2×2 grid over [0, 2]²: cell centres at 0.5 and 1.5; class 0 only in the lower left. */
const event = (epoch: number, points: number[][] | null = null): BoundaryData => ({
  type: "boundary",
  epoch,
  size: 2,
  extent: [0, 2, 0, 2],
  class_names: ["a", "b"],
  predicted: b64([0, 1, 1, 1]),
  confidence: b64([255, 153, 204, 255]),
  standardised: false,
  points,
  ts: null,
});

describe("decision boundary", () => {
  it("decodes the grid and reads its figures", () => {
    const grid = decode(event(1));
    expect(Array.from(grid.predicted)).toEqual([0, 1, 1, 1]);
    expect(grid.probability[1]).toBeCloseTo(0.6);
    expect(shares(grid, 2)).toEqual([0.25, 0.75]);
    expect(cellOf(grid, 0.2, 0.2)).toBe(0);
    expect(cellOf(grid, 1.9, 0.2)).toBe(1); // row 0 is the lowest x1
    expect(cellOf(grid, 0.2, 1.9)).toBe(2);
    expect(cellOf(grid, 2.5, 0)).toBe(-1);
    // (0.1, 0.1) class 0 in the class-0 cell; (1.5, 1.5) class 1 in a class-1 cell; (1.5, 0.5) class 0, wrong
    expect(
      pointsOnTheirSide(grid, [
        [0.1, 0.1, 0],
        [1.5, 1.5, 1],
        [1.5, 0.5, 0],
        [1, 1.9, 1],
      ]),
    ).toBe(0.75);
    expect(pointsOnTheirSide(grid, [])).toBeNull();
  });

  it("writes one CSV row per cell", () => {
    const lines = boundaryCsv(decode(event(1)), ["a", "b"])
      .trim()
      .split("\n");
    expect(lines).toEqual([
      "x0,x1,class,probability",
      "0.5,0.5,a,1.000",
      "1.5,0.5,b,0.600",
      "0.5,1.5,b,0.800",
      "1.5,1.5,b,1.000",
    ]);
  });

  it("keeps the newer boundary and the points of either", () => {
    const stored = event(5, [[1, 1, 0]]);
    expect(latest(event(7), stored)?.epoch).toBe(7);
    expect(latest(event(7), stored)?.points).toEqual([[1, 1, 0]]);
    expect(latest(event(3), stored)?.epoch).toBe(5);
    expect(latest(null, null)).toBeNull();
  });
});

describe("isTwoD", () => {
  it("is true only for a network whose Input takes two numbers", () => {
    expect(isTwoD({ input_shape: [2] })).toBe(true);
    expect(isTwoD({ input_shape: [1, 28, 28] })).toBe(false);
    expect(isTwoD({ input_shape: [3] })).toBe(false);
    expect(isTwoD({ input_shape: null })).toBe(false);
  });

  it("is false for a network of several Inputs, though its first takes 2 numbers", () => {
    expect(isTwoD({ input_shape: [2], inputs: 1 })).toBe(true);
    expect(isTwoD({ input_shape: [2], inputs: 2 })).toBe(false);
  });
});

describe("tickLabel", () => {
  it("writes a tick just below zero, and minus zero, as 0", () => {
    expect(tickLabel(-1e-17, 4)).toBe("0.0");
    expect(tickLabel(-0, 40)).toBe("0");
    expect(tickLabel(-0.001, 1)).toBe("0.00");
  });

  it("keeps the sign of a tick that is not zero", () => {
    expect(tickLabel(-0.5, 4)).toBe("-0.5");
    expect(tickLabel(-1.25, 1)).toBe("-1.25");
  });
});
