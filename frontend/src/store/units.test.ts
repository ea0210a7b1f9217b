import { beforeEach, describe, expect, it, vi } from "vitest";
import { fromGraph } from "../graph/convert";
import { type UnitGraph, unitPorts, unitsFromGraph } from "../graph/units";
import { currentGraph } from "./document";
import { replaceDocument, undo as undoDocument } from "./documentHistory";
import { redo, undo, useGraphStore } from "./graphStore";
import {
  addArgument,
  createUnit,
  deleteUnit,
  openTab,
  removeArgument,
  renameArgument,
  renameUnit,
  setArgumentDefault,
  unitUses,
} from "./units";

const at = (x: number, y: number) => ({ x, y });

/** The design's example (docs/GRAPH_UNITS_AND_NETWORKS.md), every node placed. */
const GRAPH: UnitGraph = {
  format: "netcanvas/graph@1",
  name: "Small VGG from blocks",
  nodes: [
    { id: "x", type: "Input", params: { shape: [1, 28, 28] }, ui: at(0, 0) },
    {
      id: "stage1",
      type: "Unit",
      params: { unit: "conv_block", args: { channels: 16 }, repeat: 2 },
      ui: at(0, 100),
    },
    { id: "stage2", type: "Unit", params: { unit: "conv_block", args: { channels: 32 } }, ui: at(0, 200) },
    { id: "loss", type: "MSELoss", ui: at(0, 300) },
  ],
  edges: [
    { source: "x", target: "stage1" },
    { source: "stage1", target: "stage2" },
    { source: "stage2", target: "loss" },
  ],
  units: [
    {
      name: "conv_block",
      description: "Conv 3×3, BatchNorm, ReLU.",
      arguments: [
        { name: "channels", default: 32 },
        { name: "kernel", default: 3 },
      ],
      nodes: [
        { id: "in", type: "UnitInput", ui: at(0, 0) },
        {
          id: "conv",
          type: "Conv2d",
          params: { out_channels: "$channels", kernel_size: "$kernel", padding: "same" },
          ui: at(0, 100),
        },
        { id: "relu", type: "ReLU", ui: at(0, 200) },
        { id: "out", type: "UnitOutput", ui: at(0, 300) },
      ],
      edges: [
        { source: "in", target: "conv" },
        { source: "conv", target: "relu" },
        { source: "relu", target: "out" },
      ],
      ui: { viewport: { x: 1, y: 2, zoom: 1 } },
    },
  ],
};

const state = () => useGraphStore.getState();
const ids = () => state().nodes.map((n) => n.id);

function load(graph: UnitGraph): void {
  state().load({ ...fromGraph(graph), units: unitsFromGraph(graph).units });
}

const use = (id: string) => currentGraph().nodes.find((n) => n.id === id)?.params;
const unitNode = (id: string) => currentGraph().units?.[0]?.nodes?.find((n) => n.id === id)?.params;

beforeEach(() => load(structuredClone(GRAPH)));

describe("units in the document", () => {
  it("round-trips a graph with units unchanged, whichever tab is shown", () => {
    expect(currentGraph()).toEqual(GRAPH);
    openTab("conv_block");
    expect(ids()).toEqual(["in", "conv", "relu", "out"]);
    expect(currentGraph()).toEqual(GRAPH);
    state().setParam("conv", "padding", 0);
    openTab(null);
    expect(ids()).toEqual(["x", "stage1", "stage2", "loss"]);
    expect(unitNode("conv")?.padding).toBe(0);
  });

  it("creates a unit with an input wired to its output and shows it; undo goes back", () => {
    expect(createUnit("bad name")).toBe(false);
    expect(createUnit("conv_block")).toBe(false);
    expect(createUnit("head")).toBe(true);
    expect(state().tab).toBe("head");
    expect(ids()).toEqual(["in", "out"]);
    expect(currentGraph().units?.[1]).toMatchObject({
      name: "head",
      nodes: [{ type: "UnitInput" }, { type: "UnitOutput" }],
      edges: [{ source: "in", target: "out" }],
    });
    undo();
    expect(state().tab).toBe(null);
    expect(currentGraph()).toEqual(GRAPH);
    redo();
    expect(state().tab).toBe("head");
  });

  it("undo of an edit in a unit brings its tab back, the network untouched", () => {
    openTab("conv_block");
    state().setParam("relu", "inplace", true);
    openTab(null);
    undo();
    expect(state().tab).toBe("conv_block");
    expect(currentGraph()).toEqual(GRAPH);
  });

  it("renaming a unit renames its uses and the open tab", () => {
    openTab("conv_block");
    expect(renameUnit("conv_block", "2bad")).toBe(false);
    expect(renameUnit("conv_block", "block")).toBe(true);
    expect(state().tab).toBe("block");
    expect(use("stage1")?.unit).toBe("block");
    expect(use("stage2")?.unit).toBe("block");
    expect(currentGraph().units?.[0]?.name).toBe("block");
  });

  it("renaming an argument rewrites its references and the uses' values", () => {
    openTab("conv_block");
    expect(renameArgument("channels", "kernel")).toBe(false);
    expect(renameArgument("channels", "width")).toBe(true);
    expect(unitNode("conv")?.out_channels).toBe("$width");
    expect(unitNode("conv")?.kernel_size).toBe("$kernel");
    expect(use("stage1")?.args).toEqual({ width: 16 });
    expect(use("stage2")?.args).toEqual({ width: 32 });
    expect(currentGraph().units?.[0]?.arguments?.map((a) => a.name)).toEqual(["width", "kernel"]);
    undo();
    expect(currentGraph()).toEqual(GRAPH);
  });

  it("adds, sets and removes arguments; a removed one's references take its default", () => {
    openTab("conv_block");
    expect(addArgument()).toBe("arg1");
    setArgumentDefault("arg1", 7);
    expect(currentGraph().units?.[0]?.arguments?.at(-1)).toEqual({ name: "arg1", default: 7 });
    removeArgument("channels");
    expect(unitNode("conv")?.out_channels).toBe(32);
    expect(use("stage1")?.args).toBeUndefined();
  });

  it("counts uses, and deleting a unit removes it, its uses and their edges", () => {
    expect(unitUses("conv_block")).toBe(2);
    openTab("conv_block");
    deleteUnit("conv_block");
    expect(state().tab).toBe(null);
    const graph = currentGraph();
    expect(graph.units).toBeUndefined();
    expect(graph.nodes.map((n) => n.id)).toEqual(["x", "loss"]);
    expect(graph.edges).toEqual([]);
    undo();
    expect(currentGraph()).toEqual(GRAPH);
  });
});

describe("a use's ports", () => {
  it("takes as many inputs as its unit has UnitInput ports", () => {
    const units = unitsFromGraph(GRAPH).units;
    expect(unitPorts(units, { unit: "conv_block" })).toBe(1);
    expect(unitPorts(units, { unit: "missing" })).toBe(0);
    const two = structuredClone(GRAPH);
    two.units?.[0]?.nodes?.push({ id: "in2", type: "UnitInput", params: { port: 1 } });
    expect(unitPorts(unitsFromGraph(two).units, { unit: "conv_block" })).toBe(2);
  });
});

describe("units and the document history", () => {
  it("a replaced document comes back by undo with its units and the tab it showed", async () => {
    const location = { hash: "", pathname: "/", search: "" };
    vi.stubGlobal("window", { location, history: { replaceState: () => undefined } });
    openTab("conv_block");
    await replaceDocument(
      async () => state().load({ meta: { name: "other" }, nodes: [], edges: [] }),
      async () => true,
    );
    expect(state().units).toEqual([]);
    undoDocument();
    expect(state().tab).toBe("conv_block");
    expect(currentGraph()).toEqual(GRAPH);
    vi.unstubAllGlobals();
  });
});
