import { describe, expect, it } from "vitest";
import { nextExportsRead } from "./exportsPoll";

const RESULTS = ["model.safetensors", "graph.json", "evaluation.json", "metrics.csv"];
const ALL = [...RESULTS, "model.onnx", "model.py", "bundle.zip"];

describe("nextExportsRead", () => {
  it("reads again while the exports are written, keeping the late reads", () => {
    expect(nextExportsRead(RESULTS, false, 5)).toEqual({ again: true, late: 5 });
    expect(nextExportsRead([...RESULTS, "model.onnx"], false, 5)).toEqual({ again: true, late: 5 });
  });

  it("reads a few times more once the bundle is there, until its announcement came", () => {
    expect(nextExportsRead(ALL, false, 5)).toEqual({ again: true, late: 4 });
    expect(nextExportsRead(ALL, false, 1)).toEqual({ again: true, late: 0 });
    expect(nextExportsRead(ALL, false, 0)).toEqual({ again: false, late: 0 });
  });

  it("stops once the bundle was announced", () => {
    expect(nextExportsRead(ALL, true, 5)).toEqual({ again: false, late: 5 });
  });

  it("does not wait for a job that has no weights", () => {
    expect(nextExportsRead([], false, 5)).toEqual({ again: false, late: 5 });
    expect(nextExportsRead(["graph.json"], false, 5)).toEqual({ again: false, late: 5 });
  });
});
