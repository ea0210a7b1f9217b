import { getBezierPath, Position } from "@xyflow/react";
import { describe, expect, it } from "vitest";
import { NODE_HEIGHT, NODE_WIDTH, portBoxes } from "./box";
import { curveDistance, edgeAt, edgeCurve, type PlacedNode, type Point } from "./pick";

const PORT = 10;

function placed(x: number, y: number, inputs = 1, outputs = 1): PlacedNode {
  return { position: { x, y }, ports: portBoxes(inputs, outputs) };
}

// a above b (straight down), c to the right and below with two inputs
const nodes = new Map<string, PlacedNode>([
  ["a", placed(0, 0)],
  ["b", placed(0, 300)],
  ["c", placed(600, 300, 2)],
]);
const ab = { id: "a->b:in0", source: "a", target: "b", sourceHandle: "out", targetHandle: "in0" };
const ac = { id: "a->c:in1", source: "a", target: "c", sourceHandle: "out", targetHandle: "in1" };

describe("edgeCurve", () => {
  it("runs from the middle of the output's bottom to the middle of the input's top", () => {
    const curve = edgeCurve(ab, nodes);
    expect(curve?.[0]).toEqual({ x: NODE_WIDTH / 2, y: NODE_HEIGHT + PORT / 2 });
    expect(curve?.[3]).toEqual({ x: NODE_WIDTH / 2, y: 300 - PORT / 2 });
  });

  it("is the curve React Flow draws, to the port the edge names", () => {
    const curve = edgeCurve(ac, nodes);
    const end = { x: 600 + (NODE_WIDTH * 2) / 3, y: 300 - PORT / 2 };
    expect(curve?.[3]?.x).toBeCloseTo(end.x);
    const [path] = getBezierPath({
      sourceX: NODE_WIDTH / 2,
      sourceY: NODE_HEIGHT + PORT / 2,
      sourcePosition: Position.Bottom,
      targetX: curve?.[3]?.x ?? 0,
      targetY: end.y,
      targetPosition: Position.Top,
    });
    const points = curve?.map((p) => `${p.x},${p.y}`) ?? [];
    expect(path).toBe(`M${points[0]} C${points[1]} ${points[2]} ${points[3]}`);
  });

  it("is null when a node or a port is missing", () => {
    expect(edgeCurve({ ...ab, target: "gone" }, nodes)).toBeNull();
    expect(edgeCurve({ ...ab, targetHandle: "in5" }, nodes)).toBeNull();
  });
});

describe("curveDistance", () => {
  it("is zero on the curve and the offset beside a straight one", () => {
    const curve = edgeCurve(ab, nodes) ?? [];
    expect(curveDistance({ x: NODE_WIDTH / 2, y: 150 }, curve)).toBeCloseTo(0);
    expect(curveDistance({ x: NODE_WIDTH / 2 + 7, y: 150 }, curve)).toBeCloseTo(7);
  });
});

describe("edgeAt", () => {
  it("finds the edge within the tolerance and none beyond it", () => {
    expect(edgeAt({ x: NODE_WIDTH / 2 + 4, y: 200 }, [ab, ac], nodes, 5)).toBe(ab.id);
    expect(edgeAt({ x: NODE_WIDTH / 2 + 6, y: 200 }, [ab, ac], nodes, 5)).toBeNull();
    expect(edgeAt({ x: -300, y: -300 }, [ab, ac], nodes, 50)).toBeNull();
  });

  it("takes the nearest of the edges in reach", () => {
    const [a, b, c, d] = edgeCurve(ac, nodes) as [Point, Point, Point, Point];
    // the curving edge's middle (t = 1/2) is on it, not on the straight one
    const middle = { x: (a.x + 3 * b.x + 3 * c.x + d.x) / 8, y: (a.y + 3 * b.y + 3 * c.y + d.y) / 8 };
    expect(edgeAt(middle, [ab, ac], nodes, 1)).toBe(ac.id);
    // left of the straight edge, which the curving one leaves to the right: the straight one
    expect(edgeAt({ x: NODE_WIDTH / 2 - 30, y: 250 }, [ab, ac], nodes, 1000)).toBe(ab.id);
  });

  it("skips an edge whose nodes are not there", () => {
    expect(edgeAt({ x: NODE_WIDTH / 2, y: 200 }, [{ ...ab, source: "gone" }], nodes, 5)).toBeNull();
  });
});
