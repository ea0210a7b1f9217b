/** Fixes from the Units trial: switching a use's unit, redo's tab, pasting uses elsewhere. */
import { beforeEach, describe, expect, it } from "vitest";
import { fromGraph } from "../graph/convert";
import { type UnitGraph, unitsFromGraph, unitsUsing } from "../graph/units";
import { currentGraph } from "./document";
import { useGraphStore } from "./graphStore";
import { redoEdit, undoEdit } from "./tabHistory";
import { openTab, switchUnit } from "./units";

const at = (x: number, y: number) => ({ x, y });
const wire = (a: string, b: string) => ({ source: a, target: b });

/** Two units: `conv_block` (channels, kernel) and `wide` (channels, width). */
const GRAPH: UnitGraph = {
  format: "netcanvas/graph@1",
  name: "two units",
  nodes: [
    { id: "x", type: "Input", params: { shape: [1, 8, 8] }, ui: at(0, 0) },
    {
      id: "stage1",
      type: "Unit",
      params: { unit: "conv_block", args: { channels: 8, kernel: 5 } },
      ui: at(0, 100),
    },
    { id: "loss", type: "MSELoss", ui: at(0, 200) },
  ],
  edges: [wire("x", "stage1"), wire("stage1", "loss")],
  units: [
    {
      name: "conv_block",
      arguments: [
        { name: "channels", default: 4 },
        { name: "kernel", default: 3 },
      ],
      nodes: [
        { id: "in", type: "UnitInput", ui: at(0, 0) },
        {
          id: "conv",
          type: "Conv2d",
          params: { out_channels: "$channels", kernel_size: "$kernel" },
          ui: at(0, 100),
        },
        { id: "out", type: "UnitOutput", ui: at(0, 200) },
      ],
      edges: [wire("in", "conv"), wire("conv", "out")],
    },
    {
      name: "wide",
      arguments: [
        { name: "channels", default: 4 },
        { name: "width", default: 2 },
      ],
      nodes: [
        { id: "in", type: "UnitInput", ui: at(0, 0) },
        { id: "out", type: "UnitOutput", ui: at(0, 100) },
      ],
      edges: [wire("in", "out")],
    },
  ],
};

const state = () => useGraphStore.getState();
const use = (id: string) => currentGraph().nodes.find((n) => n.id === id)?.params;

function load(graph: UnitGraph): void {
  state().load({ ...fromGraph(graph), units: unitsFromGraph(graph).units });
}

beforeEach(() => load(structuredClone(GRAPH)));

describe("switching a use's unit", () => {
  it("keeps the values the new unit has arguments for and drops the others", () => {
    switchUnit("stage1", "wide");
    expect(use("stage1")).toEqual({ unit: "wide", args: { channels: 8 } });
    openTab("wide");
    openTab(null);
    switchUnit("stage1", "conv_block");
    expect(use("stage1")).toEqual({ unit: "conv_block", args: { channels: 8 } });
  });

  it("drops `args` altogether when the new unit has none of them", () => {
    state().setParam("stage1", "args", { kernel: 5 });
    switchUnit("stage1", "wide");
    expect(use("stage1")).toEqual({ unit: "wide" });
  });
});

describe("undo and redo show the edit's tab", () => {
  it("redo of an edit made in a unit shows that unit, as undo does", () => {
    openTab("conv_block");
    state().setParam("conv", "padding", 1);
    openTab(null);
    undoEdit();
    expect(state().tab).toBe("conv_block");
    openTab(null);
    redoEdit();
    expect(state().tab).toBe("conv_block");
    expect(state().nodes.find((n) => n.id === "conv")?.data.params?.padding).toBe(1);
    undoEdit();
    openTab("wide");
    redoEdit();
    expect(state().tab).toBe("conv_block");
  });

  it("redo of an edit on the network's tab shows the network", () => {
    state().setParam("loss", "reduction", "sum");
    openTab("wide");
    undoEdit();
    expect(state().tab).toBe(null);
    openTab("wide");
    redoEdit();
    expect(state().tab).toBe(null);
    expect(use("loss")).toEqual({ reduction: "sum" });
  });
});

describe("pasting uses into another document", () => {
  const empty = () => state().load({ meta: { name: "new" }, nodes: [], edges: [] });

  it("brings the units the copied uses need, and keeps free ids", () => {
    state().select(["stage1"]);
    const clip = state().copySelection();
    expect(clip.units?.map((u) => u.name)).toEqual(["conv_block"]);
    empty();
    expect(state().paste(clip)).toEqual(["stage1"]);
    const graph = currentGraph();
    expect(graph.units?.map((u) => u.name)).toEqual(["conv_block"]);
    expect(graph.units?.[0]).toEqual(GRAPH.units?.[0]);
    expect(state().paste(clip)).toEqual(["conv_block1"]);
    expect(currentGraph().units?.length).toBe(1);
  });

  it("brings units used through other units, each before its users", () => {
    openTab("wide");
    state().addNode("Unit", at(0, 300), undefined, { unit: "conv_block" });
    openTab(null);
    switchUnit("stage1", "wide");
    state().select(["stage1"]);
    const clip = state().copySelection();
    expect(clip.units?.map((u) => u.name)).toEqual(["conv_block", "wide"]);
    empty();
    state().paste(clip);
    expect(currentGraph().units?.map((u) => u.name)).toEqual(["conv_block", "wide"]);
  });

  it("pastes under a new name when the document's unit of that name differs", () => {
    state().select(["stage1"]);
    const clip = state().copySelection();
    const other = structuredClone(GRAPH);
    other.nodes = [];
    other.edges = [];
    other.units = [{ ...(GRAPH.units?.[1] as NonNullable<UnitGraph["units"]>[number]), name: "conv_block" }];
    load(other);
    state().paste(clip);
    const graph = currentGraph();
    expect(graph.units?.map((u) => u.name)).toEqual(["conv_block", "conv_block_2"]);
    expect(graph.units?.[1]?.nodes).toEqual(GRAPH.units?.[0]?.nodes);
    expect(use("stage1")?.unit).toBe("conv_block_2");
  });
});

describe("units a unit's palette leaves out", () => {
  it("are those that use it, directly or through other units", () => {
    openTab("wide");
    state().addNode("Unit", at(0, 300), undefined, { unit: "conv_block" });
    openTab(null);
    const units = state().units;
    expect([...unitsUsing(units, "conv_block")]).toEqual(["wide"]);
    expect([...unitsUsing(units, "wide")]).toEqual([]);
    const third = {
      ...units[1],
      name: "tail",
      nodes: [{ ...units[0]?.nodes[0], id: "w", data: { type: "Unit", params: { unit: "wide" } } }],
    };
    const more = [...units, third as (typeof units)[number]];
    expect([...unitsUsing(more, "conv_block")].sort()).toEqual(["tail", "wide"]);
  });
});
