import { describe, expect, it } from "vitest";
import type { Graph } from "../api/models";
import { fromGraph, toGraph } from "./convert";
import type { PortInfo } from "./types";

const ports: PortInfo = { maxInputs: (type) => (["Add", "Concat", "Multiply"].includes(type) ? null : 1) };

const resnet: Graph = {
  format: "netcanvas/graph@1",
  name: "block",
  description: "a skip connection",
  nodes: [
    { id: "x", type: "Input", params: { shape: [1, 28, 28] }, ui: { x: 0, y: 0 } },
    {
      id: "conv1",
      type: "Conv2d",
      params: { out_channels: 16, kernel_size: 3, padding: 1 },
      ui: { x: 0, y: 100 },
    },
    { id: "relu1", type: "ReLU", ui: { x: 0, y: 200, comment: "keep me" } },
    { id: "add", type: "Add", ui: { x: 10, y: 300 } },
    { id: "loss", type: "CrossEntropyLoss", ui: { x: 10, y: 400 } },
  ],
  edges: [
    { source: "x", target: "conv1" },
    { source: "conv1", target: "relu1" },
    { source: "relu1", target: "add", target_port: 1 },
    { source: "x", target: "add", target_port: 0 },
    { source: "add", target: "loss" },
  ],
};

const roundTrip = (graph: Graph) => {
  const canvas = fromGraph(graph);
  return toGraph(canvas.meta, canvas.nodes, canvas.edges, ports);
};

describe("graph conversion", () => {
  it("round-trips a graph unchanged", () => {
    expect(roundTrip(resnet)).toEqual(resnet);
  });

  it("maps target_port to handles in0, in1, ... and back", () => {
    const { edges } = fromGraph(resnet);
    expect(edges.filter((e) => e.target === "add").map((e) => [e.source, e.targetHandle])).toEqual([
      ["relu1", "in1"],
      ["x", "in0"],
    ]);
    expect(edges.every((e) => e.sourceHandle === "out")).toBe(true);
  });

  it("numbers ports in file order when target_port is missing", () => {
    const graph: Graph = {
      format: "netcanvas/graph@1",
      nodes: [
        { id: "a", type: "Input" },
        { id: "b", type: "Input" },
        { id: "sum", type: "Add" },
      ],
      edges: [
        { source: "b", target: "sum" },
        { source: "a", target: "sum" },
      ],
    };
    const canvas = fromGraph(graph);
    expect(canvas.edges.map((e) => e.targetHandle)).toEqual(["in0", "in1"]);
    expect(toGraph(canvas.meta, canvas.nodes, canvas.edges, ports).edges).toEqual([
      { source: "b", target: "sum", target_port: 0 },
      { source: "a", target: "sum", target_port: 1 },
    ]);
  });

  it("reads and writes ui positions, and notices when they are missing", () => {
    expect(fromGraph(resnet).positioned).toBe(true);
    const canvas = fromGraph({ ...resnet, nodes: resnet.nodes.map(({ ui: _ui, ...n }) => n) });
    expect(canvas.positioned).toBe(false);
    canvas.nodes[1] = {
      ...(canvas.nodes[1] as (typeof canvas.nodes)[number]),
      position: { x: 12.4, y: 99.6 },
    };
    const graph = toGraph(canvas.meta, canvas.nodes, canvas.edges, ports);
    expect(graph.nodes[1]?.ui).toEqual({ x: 12, y: 100 });
    expect(fromGraph(resnet).nodes[2]?.position).toEqual({ x: 0, y: 200 });
  });

  it("keeps omitted default parameters omitted", () => {
    const graph = roundTrip(resnet);
    expect(graph.nodes.find((n) => n.id === "relu1")).not.toHaveProperty("params");
    expect(graph.nodes.find((n) => n.id === "conv1")?.params).toEqual({
      out_channels: 16,
      kernel_size: 3,
      padding: 1,
    });
  });

  it("reads empty params and description as absent, as the server stores them", () => {
    const stored: Graph = {
      ...resnet,
      description: "",
      nodes: resnet.nodes.map((n) => ({ params: {}, ...n })),
    };
    expect(roundTrip(stored)).toEqual({ ...resnet, description: undefined });
  });

  it("can leave positions out for validation", () => {
    const canvas = fromGraph(resnet);
    const graph = toGraph(canvas.meta, canvas.nodes, canvas.edges, ports, { positions: false });
    expect(graph.nodes.map((n) => n.ui)).toEqual([
      undefined,
      undefined,
      { comment: "keep me" },
      undefined,
      undefined,
    ]);
  });
});

describe("graph conversion of several networks", () => {
  it("keeps training.phases as the file has them", () => {
    const training = {
      phases: [{ name: "discriminator", losses: ["loss"], updates: ["conv1"], optimizer: { lr: 0.0005 } }],
    };
    expect(roundTrip({ ...resnet, training })).toEqual({ ...resnet, training });
    expect(roundTrip(resnet)).not.toHaveProperty("training");
  });
});
