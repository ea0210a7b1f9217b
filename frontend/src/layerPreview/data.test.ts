import { describe, expect, it } from "vitest";
import type { Graph } from "../api/models";
import { bars, finishedJobs, linePoints, pickDataset, sheetPreviews, short, unitNote } from "./data";

const graph = (shape: number[]): Graph =>
  ({
    format: "netcanvas/graph@1",
    name: "t",
    nodes: [{ id: "x", type: "Input", params: { shape } }],
    edges: [],
  }) as Graph;
const builtins = [
  { name: "mnist", sample_shape: [1, 28, 28], download: true },
  { name: "digits", sample_shape: [1, 8, 8] },
  { name: "mnist5k", sample_shape: [1, 28, 28] },
];

describe("pickDataset", () => {
  it("takes the launch preset's dataset, an upload by id", () => {
    expect(pickDataset("mnist5k", graph([1, 8, 8]), builtins)).toBe("mnist5k");
    expect(pickDataset("upload:7", graph([1, 8, 8]), builtins)).toBe(7);
  });
  it("else the first built-in set that fits the Input and needs no download", () => {
    expect(pickDataset(null, graph([1, 28, 28]), builtins)).toBe("mnist5k");
    expect(pickDataset(null, graph([3]), builtins)).toBeNull();
  });
  it("with several Inputs, the first built-in set with every Input's variable in its shape", () => {
    const two = graph([1, 8, 8]);
    two.nodes.push({
      id: "x2",
      type: "Input",
      params: { shape: [1, 8, 8], variable: "x2" },
    } as Graph["nodes"][number]);
    const pairs = { name: "digits_pairs", sample_shape: [1, 8, 8], more_inputs: { x2: [1, 8, 8] } };
    expect(pickDataset(null, two, [...builtins, pairs])).toBe("digits_pairs");
    expect(pickDataset(null, two, builtins)).toBeNull(); // digits has no x2
  });
});

describe("finishedJobs", () => {
  it("keeps this network's jobs with weights, newest first", () => {
    const jobs = [
      { id: 1, network_id: 5, status: "succeeded" },
      { id: 2, network_id: 5, status: "failed" },
      { id: 3, network_id: 6, status: "succeeded" },
      { id: 4, network_id: 5, status: "cancelled" },
    ];
    expect(finishedJobs(jobs, 5, "").map((j) => j.id)).toEqual([4, 1]);
    expect(finishedJobs(jobs, null, "")).toEqual([]);
  });
  it("also keeps jobs of a graph with the open network's name, launched without a network id", () => {
    const jobs = [
      { id: 7, network_id: null, network_name: "LeNet", status: "succeeded" },
      { id: 8, network_id: null, network_name: "Other", status: "succeeded" },
      { id: 9, network_id: null, network_name: "LeNet", status: "running" },
    ];
    expect(finishedJobs(jobs, null, "LeNet").map((j) => j.id)).toEqual([7]);
  });
});

describe("bars", () => {
  it("draws positive bars up and negative bars down from the zero line", () => {
    const [up, down] = bars([3, -1], 20, 40);
    // span 4 over 40 px: zero at 30 px from the top
    expect(up).toMatchObject({ x: 0, y: 0, height: 30, negative: false });
    expect(down).toMatchObject({ x: 10, y: 30, height: 10, negative: true });
  });
});

describe("linePoints and short", () => {
  it("maps min to the bottom and max to the top", () => {
    expect(linePoints([0, 5, 10], 0, 10, 100, 20)).toBe("0.0,20.0 50.0,10.0 100.0,0.0");
  });
  it("writes numbers short enough to sit beside a tile", () => {
    expect([short(0), short(1.23456), short(12345), short(0.0012)]).toEqual([
      "0",
      "1.23",
      "1.2e+4",
      "1.2e-3",
    ]);
  });
});

describe("sheetPreviews and unitNote: the open tab's previews", () => {
  const tile = { kind: "vector" as const, shape: [2], min: 0, max: 1, mean: 0.5, values: [0, 1] };
  const answer = {
    dataset: "digits",
    index: 0,
    weights: "random",
    nodes: { x: tile, stage1: tile },
    units: { conv_block: { use: "stage1", nodes: { in: tile, conv: tile } } },
  };
  it("gives the network's nodes on the network's tab", () => {
    expect(sheetPreviews(answer, null)).toBe(answer.nodes);
    expect(unitNote(answer, null)).toBeNull();
  });
  it("gives a unit's body, as its first use runs it, on the unit's tab", () => {
    expect(Object.keys(sheetPreviews(answer, "conv_block") ?? {})).toEqual(["in", "conv"]);
    expect(unitNote(answer, "conv_block")).toEqual({ key: "unitUse", use: "stage1" });
  });
  it("gives none, and says so, for a unit no use runs", () => {
    expect(sheetPreviews(answer, "unused")).toBeNull();
    expect(unitNote(answer, "unused")).toEqual({ key: "unitNoUse" });
    expect(sheetPreviews(null, "conv_block")).toBeNull();
  });
});
