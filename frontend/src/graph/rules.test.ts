import { describe, expect, it } from "vitest";
import { type LayerPorts, refusalNote, refuse } from "./rules";
import type { LayerNode, LinkEdge } from "./types";

const node = (id: string, type: string) =>
  ({ id, type: "layer", position: { x: 0, y: 0 }, data: { type } }) as LayerNode;
const edge = (source: string, target: string, port = 0) =>
  ({ id: `${source}-${target}`, source, target, sourceHandle: "out", targetHandle: `in${port}` }) as LinkEdge;
const layers: LayerPorts = {
  inputs: (type) => (type === "Input" ? { min: 0, max: 0 } : { min: 1, max: 1 }),
  outputs: (type) => (type === "MSELoss" ? 0 : 1),
};
// input1 → flatten1 → linear1 → relu1, and a loss
const nodes = [
  node("input1", "Input"),
  node("flatten1", "Flatten"),
  node("linear1", "Linear"),
  node("relu1", "ReLU"),
  node("loss", "MSELoss"),
];
const edges = [edge("input1", "flatten1"), edge("flatten1", "linear1"), edge("linear1", "relu1")];
const link = (source: string, target: string) => ({
  source,
  target,
  sourceHandle: "out",
  targetHandle: "in0",
});

describe("refuse and refusalNote", () => {
  it("names a cycle before a taken port: replacing the edge would not make it possible", () => {
    const c = link("relu1", "linear1");
    expect(refuse(c, nodes, edges, layers)).toBe("cycle");
    expect(refusalNote("cycle", c, edges)).toEqual({
      key: "connectRefused.cycle",
      values: { source: "relu1", target: "linear1" },
    });
  });

  it("says which edge holds a taken input, numbered from 1", () => {
    const c = link("input1", "linear1");
    expect(refuse(c, nodes, edges, layers)).toBe("port taken");
    expect(refusalNote("port taken", c, edges)).toEqual({
      key: "connectRefused.portTaken",
      values: { node: "linear1", port: 1, from: "flatten1" },
    });
  });

  it("words a loss's output and an Input's input, and nothing for a fine or incomplete drop", () => {
    expect(
      refusalNote(refuse(link("loss", "relu1"), nodes, edges, layers), link("loss", "relu1"), edges)?.key,
    ).toBe("connectRefused.fromLoss");
    expect(
      refusalNote(refuse(link("relu1", "input1"), nodes, edges, layers), link("relu1", "input1"), edges)?.key,
    ).toBe("connectRefused.noInput");
    expect(refuse(link("relu1", "loss"), nodes, edges, layers)).toBeNull();
    expect(refusalNote(null, link("relu1", "loss"), edges)).toBeNull();
    expect(refusalNote("incomplete", { source: "relu1", target: null }, edges)).toBeNull();
  });
});
