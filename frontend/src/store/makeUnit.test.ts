import { beforeEach, describe, expect, it } from "vitest";
import { fromGraph } from "../graph/convert";
import type { UnitGraph } from "../graph/units";
import { currentGraph } from "./document";
import { undo, useGraphStore } from "./graphStore";
import { makeUnitFromSelection, selectionHasNoise } from "./makeUnit";

const at = (x: number, y: number) => ({ x, y });
const isEnd = (type: string) => type === "Input" || type.endsWith("Loss");

/** x → conv → relu → (add port 0), x → add port 1 → loss: a residual block. */
const GRAPH: UnitGraph = {
  format: "netcanvas/graph@1",
  name: "res",
  nodes: [
    { id: "x", type: "Input", params: { shape: [4, 8, 8] }, ui: at(0, 0) },
    { id: "conv", type: "Conv2d", params: { out_channels: 4, padding: "same" }, ui: at(0, 100) },
    { id: "relu", type: "ReLU", ui: at(0, 200) },
    { id: "add", type: "Add", ui: at(0, 300) },
    { id: "loss", type: "MSELoss", ui: at(0, 400) },
  ],
  edges: [
    { source: "x", target: "conv" },
    { source: "conv", target: "relu" },
    { source: "relu", target: "add", target_port: 0 },
    { source: "x", target: "add", target_port: 1 },
    { source: "add", target: "loss" },
  ],
};

const state = () => useGraphStore.getState();

beforeEach(() => state().load(fromGraph(structuredClone(GRAPH))));

describe("make a unit from the selection", () => {
  it("moves the nodes into a unit and wires one Unit node to the same neighbours", () => {
    state().select(["conv", "relu", "add"]);
    expect(makeUnitFromSelection("res_block", isEnd)).toBeNull();
    const graph = currentGraph();
    expect(graph.nodes.map((n) => [n.id, n.type, n.params])).toEqual([
      ["x", "Input", { shape: [4, 8, 8] }],
      ["loss", "MSELoss", undefined],
      ["res_block1", "Unit", { unit: "res_block" }],
    ]);
    // Two edges came in (x → conv, x → add): two ports, in that order.
    expect(state().edges.map((e) => [e.source, e.target, e.targetHandle])).toEqual([
      ["x", "res_block1", "in0"],
      ["x", "res_block1", "in1"],
      ["res_block1", "loss", "in0"],
    ]);
    const unit = graph.units?.[0];
    expect(unit?.nodes?.map((n) => [n.id, n.type, n.params])).toEqual([
      ["conv", "Conv2d", { out_channels: 4, padding: "same" }],
      ["relu", "ReLU", undefined],
      ["add", "Add", undefined],
      ["unitinput1", "UnitInput", undefined],
      ["unitinput2", "UnitInput", { port: 1 }],
      ["unitoutput1", "UnitOutput", undefined],
    ]);
    expect(unit?.edges?.map((e) => `${e.source}>${e.target}:${e.target_port ?? ""}`)).toEqual([
      "conv>relu:",
      "relu>add:0",
      "unitinput1>conv:",
      "unitinput2>add:1",
      "add>unitoutput1:",
    ]);
    undo();
    expect(currentGraph()).toEqual(GRAPH);
  });

  it("refuses inputs and losses, several outputs, and a bad name", () => {
    state().select(["x", "conv"]);
    expect(makeUnitFromSelection("u", isEnd)).toBe("ends");
    state().select(["conv", "add"]);
    expect(makeUnitFromSelection("u", isEnd)).toBe("outputs");
    state().select(["relu"]);
    expect(makeUnitFromSelection("1u", isEnd)).toBe("name");
    state().select([]);
    expect(makeUnitFromSelection("u", isEnd)).toBe("empty");
    expect(currentGraph()).toEqual(GRAPH);
  });

  it("refuses a selection holding a RandomNoise (it belongs on the main canvas)", () => {
    const gan: UnitGraph = {
      format: "netcanvas/graph@1",
      name: "gan",
      nodes: [
        { id: "noise", type: "RandomNoise", params: { shape: [16] }, ui: at(0, 0) },
        { id: "fc", type: "Linear", params: { out_features: 64 }, ui: at(0, 100) },
        { id: "act", type: "Tanh", ui: at(0, 200) },
      ],
      edges: [
        { source: "noise", target: "fc" },
        { source: "fc", target: "act" },
      ],
    };
    state().load(fromGraph(structuredClone(gan)));
    state().select(["noise", "fc", "act"]);
    expect(selectionHasNoise(state().nodes)).toBe(true);
    expect(makeUnitFromSelection("g", isEnd)).toBe("noise");
    expect(currentGraph()).toEqual(gan);
    // Without the noise the rest becomes a unit fed by it.
    state().select(["fc", "act"]);
    expect(selectionHasNoise(state().nodes)).toBe(false);
    expect(makeUnitFromSelection("g", isEnd)).toBeNull();
    expect(currentGraph().units?.[0]?.nodes?.some((n) => n.type === "RandomNoise")).toBe(false);
  });
});
