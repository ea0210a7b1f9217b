import { describe, expect, it } from "vitest";
import type { LayerNode, LinkEdge } from "../graph/types";
import { sameTracked, tracked } from "./tracked";

const node = (id: string, x = 0, extra: Partial<LayerNode> = {}): LayerNode => ({
  id,
  type: "layer",
  position: { x, y: 0 },
  data: { type: "ReLU" },
  ...extra,
});
const edge = (source: string, target: string): LinkEdge => ({
  id: `${source}->${target}:in0`,
  type: "link",
  source,
  sourceHandle: "out",
  target,
  targetHandle: "in0",
  data: {},
});

describe("tracked", () => {
  it("keeps only what undo restores", () => {
    const view = tracked({
      nodes: [node("a", 0, { selected: true, measured: { width: 9, height: 9 } })],
      edges: [],
    });
    expect(view.nodes[0]).toEqual({
      id: "a",
      type: "layer",
      position: { x: 0, y: 0 },
      data: { type: "ReLU" },
    });
  });

  it("gives the same view object for the same node, so a drag's frames allocate none", () => {
    const a = node("a");
    expect(tracked({ nodes: [a], edges: [] }).nodes[0]).toBe(tracked({ nodes: [a], edges: [] }).nodes[0]);
  });

  it("calls graphs equal when only selection or measurements differ", () => {
    const before = { nodes: [node("a"), node("b")], edges: [edge("a", "b")] };
    const after = {
      nodes: [node("a", 0, { selected: true }), node("b", 0, { measured: { width: 1, height: 2 } })],
      edges: [{ ...edge("a", "b"), selected: true }],
    };
    expect(sameTracked(tracked(before), tracked(after))).toBe(true);
  });

  it("tells a move, a parameter, an added edge or another id apart", () => {
    const base = { nodes: [node("a"), node("b")], edges: [edge("a", "b")] };
    const view = tracked(base);
    expect(sameTracked(view, tracked({ ...base, nodes: [node("a", 5), node("b")] }))).toBe(false);
    const params = node("b", 0, { data: { type: "ReLU", params: { inplace: true } } });
    expect(sameTracked(view, tracked({ ...base, nodes: [node("a"), params] }))).toBe(false);
    expect(sameTracked(view, tracked({ ...base, edges: [edge("a", "b"), edge("b", "a")] }))).toBe(false);
    expect(sameTracked(view, tracked({ ...base, nodes: [node("a"), node("c")] }))).toBe(false);
  });

  it("calls equal parameters equal though they are new objects", () => {
    const one = node("a", 0, { data: { type: "Linear", params: { out_features: 4 } } });
    const two = node("a", 0, { data: { type: "Linear", params: { out_features: 4 } } });
    expect(sameTracked(tracked({ nodes: [one], edges: [] }), tracked({ nodes: [two], edges: [] }))).toBe(
      true,
    );
  });
});
