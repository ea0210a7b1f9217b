import { beforeEach, describe, expect, it } from "vitest";
import { boxOf } from "../graph/freeSpot";
import { inHandle } from "../graph/types";
import { beginGesture, redo, undo, useGraphStore } from "./graphStore";

const state = () => useGraphStore.getState();
const ids = () => state().nodes.map((n) => n.id);

/** Every edge joins two existing nodes, ids are unique, and each target's ports are 0..n-1. */
function expectConsistent() {
  const nodeIds = ids();
  expect(new Set(nodeIds).size).toBe(nodeIds.length);
  const edgeIds = state().edges.map((e) => e.id);
  expect(new Set(edgeIds).size).toBe(edgeIds.length);
  const ports = new Map<string, string[]>();
  for (const e of state().edges) {
    expect(nodeIds).toContain(e.source);
    expect(nodeIds).toContain(e.target);
    ports.set(e.target, [...(ports.get(e.target) ?? []), e.targetHandle ?? ""]);
  }
  for (const handles of ports.values()) {
    expect([...handles].sort()).toEqual(handles.map((_, i) => inHandle(i)).sort());
  }
}

beforeEach(() => {
  state().load({ meta: { name: "test" }, nodes: [], edges: [] });
});

describe("graph store", () => {
  it("names added nodes by type with the smallest free number", () => {
    state().addNode("Input", { x: 0, y: 0 });
    state().addNode("Conv2d", { x: 0, y: 100 });
    state().addNode("Conv2d", { x: 0, y: 200 });
    expect(ids()).toEqual(["input1", "conv2d1", "conv2d2"]);
    state().select(["conv2d1"]);
    state().deleteSelected();
    state().addNode("Conv2d", { x: 0, y: 300 });
    expect(ids()).toEqual(["input1", "conv2d2", "conv2d1"]);
  });

  it("selects only the node it adds, connected when asked", () => {
    const a = state().addNode("Input", { x: 0, y: 0 });
    const b = state().addNode("ReLU", { x: 0, y: 100 }, { source: a, targetHandle: "in0" });
    expect(
      state()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    ).toEqual([b]);
    expect(state().edges.map((e) => [e.source, e.target, e.targetHandle])).toEqual([[a, b, "in0"]]);
    expectConsistent();
  });

  it("drops the edges of deleted nodes and renumbers multi-input ports", () => {
    const x = state().addNode("Input", { x: 0, y: 0 });
    const r = state().addNode("ReLU", { x: 0, y: 0 });
    const t = state().addNode("Tanh", { x: 0, y: 0 });
    const add = state().addNode("Add", { x: 0, y: 0 });
    state().connect(x, r, "in0");
    state().connect(x, t, "in0");
    state().connect(r, add, "in0");
    state().connect(t, add, "in1");
    state().select([r]);
    state().deleteSelected();
    expect(
      state()
        .edges.filter((e) => e.target === add)
        .map((e) => [e.source, e.targetHandle]),
    ).toEqual([[t, "in0"]]);
    expectConsistent();
  });

  it("undoes and redoes edits, but not selection", () => {
    state().addNode("Input", { x: 0, y: 0 });
    state().addNode("Linear", { x: 0, y: 100 }, { source: "input1", targetHandle: "in0" });
    state().setParam("linear1", "out_features", 120);
    state().select(["input1"]);
    undo();
    expect(state().nodes[1]?.data.params).toBeUndefined();
    undo();
    expect(ids()).toEqual(["input1"]);
    expect(state().edges).toEqual([]);
    redo();
    redo();
    expect(ids()).toEqual(["input1", "linear1"]);
    expect(state().nodes[1]?.data.params).toEqual({ out_features: 120 });
    expectConsistent();
  });

  it("makes a whole drag one undo step", () => {
    state().addNode("Input", { x: 0, y: 0 });
    const end = beginGesture();
    for (let x = 1; x <= 5; x += 1) state().setPositions(new Map([["input1", { x, y: 0 }]]));
    end();
    expect(state().nodes[0]?.position).toEqual({ x: 5, y: 0 });
    undo();
    expect(state().nodes[0]?.position).toEqual({ x: 0, y: 0 });
  });

  it("pastes copies with fresh ids and their inner edges", () => {
    const a = state().addNode("Conv2d", { x: 0, y: 0 });
    const b = state().addNode("ReLU", { x: 0, y: 100 }, { source: a, targetHandle: "in0" });
    state().setParam(a, "out_channels", 6);
    state().select([a, b]);
    const clip = state().copySelection();
    const pasted = state().paste(clip);
    expect(pasted).toEqual(["conv2d2", "relu2"]);
    expect(state().nodes.find((n) => n.id === "conv2d2")?.data.params).toEqual({ out_channels: 6 });
    expect(state().edges.map((e) => [e.source, e.target])).toEqual([
      ["conv2d1", "relu1"],
      ["conv2d2", "relu2"],
    ]);
    state().paste(clip);
    expect(ids()).toEqual(["conv2d1", "relu1", "conv2d2", "relu2", "conv2d3", "relu3"]);
    expectConsistent();
  });

  it("pastes beside the copied node and every paste elsewhere, none on another node", () => {
    const a = state().addNode("Conv2d", { x: 0, y: 0 });
    state().addNode("ReLU", { x: 0, y: 100 }, { source: a, targetHandle: "in0" });
    state().select([a]);
    const clip = state().copySelection();
    for (let i = 0; i < 4; i += 1) state().paste(clip);
    const boxes = state().nodes.map(boxOf);
    expect(boxes).toHaveLength(6);
    boxes.forEach((p, i) => {
      for (const q of boxes.slice(i + 1)) {
        const meet =
          p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
        expect(meet).toBe(false);
      }
    });
  });

  it("renames a node with its edges and refuses a taken id", () => {
    const a = state().addNode("Input", { x: 0, y: 0 });
    const b = state().addNode("ReLU", { x: 0, y: 100 }, { source: a, targetHandle: "in0" });
    expect(state().renameNode(a, b)).toBe(false);
    expect(state().renameNode(a, "x")).toBe(true);
    expect(ids()).toEqual(["x", "relu1"]);
    expect(state().edges[0]).toMatchObject({ source: "x", target: "relu1" });
    expectConsistent();
  });

  it("removes a parameter set back to its default", () => {
    state().addNode("Linear", { x: 0, y: 0 });
    state().setParam("linear1", "out_features", 5);
    state().setParam("linear1", "out_features", undefined);
    expect(state().nodes[0]?.data.params).toBeUndefined();
  });
});

describe("deleting", () => {
  it("removes selected nodes with their edges in one undo step", () => {
    const a = state().addNode("Input", { x: 0, y: 0 });
    const b = state().addNode("ReLU", { x: 0, y: 100 }, { source: a, targetHandle: "in0" });
    state().select([b]);
    state().deleteSelected();
    expect(ids()).toEqual([a]);
    expect(state().edges).toEqual([]);
    undo();
    expect(ids()).toEqual([a, b]);
    expect(state().edges).toHaveLength(1);
  });
});
