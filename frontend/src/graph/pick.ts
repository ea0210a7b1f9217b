/**
 * Which edge a point is on, found by its geometry rather than by an element under the pointer.
 * Far out (outline, `components/detail.ts`) an edge is drawn as one thin path with no pick
 * area, so that a large graph mounts one element per edge; a click on the empty canvas there
 * asks `edgeAt` for the edge within a few pixels of it. Each edge is the Bézier curve React
 * Flow draws (`getBezierPath`) between the middle of its ports' outer sides.
 */
import { getBezierPath, Position } from "@xyflow/react";

export interface Point {
  x: number;
  y: number;
}

/** A port's box relative to its node's top-left corner (`graph/box.ts portBoxes`). */
export interface PortPlace {
  id?: string | null;
  type: "source" | "target";
  position: Position;
  x: number;
  y: number;
  /** As React Flow reads a port given without a size: 1. */
  width?: number;
  height?: number;
}

/** A node where it stands, with its ports. */
export interface PlacedNode {
  position: Point;
  ports: readonly PortPlace[];
}

export interface PickableEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

/** Where an edge meets a port: the middle of the port's outer side, as React Flow places it. */
export function portPoint(node: PlacedNode, port: PortPlace): Point {
  const x = node.position.x + port.x;
  const y = node.position.y + port.y;
  const { width = 1, height = 1 } = port;
  switch (port.position) {
    case Position.Top:
      return { x: x + width / 2, y };
    case Position.Bottom:
      return { x: x + width / 2, y: y + height };
    case Position.Left:
      return { x, y: y + height / 2 };
    default:
      return { x: x + width, y: y + height / 2 };
  }
}

function portOf(node: PlacedNode, type: PortPlace["type"], id: string | null | undefined) {
  const ports = node.ports.filter((p) => p.type === type);
  return (id ? ports.find((p) => p.id === id) : ports[0]) ?? null;
}

/** The edge's four Bézier points (start, two controls, end), null when a port is missing. */
export function edgeCurve(edge: PickableEdge, nodes: ReadonlyMap<string, PlacedNode>): Point[] | null {
  const from = nodes.get(edge.source);
  const to = nodes.get(edge.target);
  if (!from || !to) return null;
  const out = portOf(from, "source", edge.sourceHandle);
  const into = portOf(to, "target", edge.targetHandle);
  if (!out || !into) return null;
  const start = portPoint(from, out);
  const end = portPoint(to, into);
  const [path] = getBezierPath({
    sourceX: start.x,
    sourceY: start.y,
    sourcePosition: out.position,
    targetX: end.x,
    targetY: end.y,
    targetPosition: into.position,
  });
  // "M x,y C x,y x,y x,y": the very curve the edge is drawn with.
  const numbers = path.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi)?.map(Number) ?? [];
  if (numbers.length !== 8) return null;
  return [0, 2, 4, 6].map((i) => ({ x: numbers[i] ?? 0, y: numbers[i + 1] ?? 0 }));
}

function bezier(curve: readonly Point[], t: number): Point {
  const [a, b, c, d] = curve as [Point, Point, Point, Point];
  const u = 1 - t;
  const w = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t] as const;
  return {
    x: w[0] * a.x + w[1] * b.x + w[2] * c.x + w[3] * d.x,
    y: w[0] * a.y + w[1] * b.y + w[2] * c.y + w[3] * d.y,
  };
}

function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

const STEPS = 32; // segments a curve is followed by: within a fraction of a pixel at any zoom here

/** How far `point` is from the curve (followed as `STEPS` straight segments). */
export function curveDistance(point: Point, curve: readonly Point[]): number {
  let best = Number.POSITIVE_INFINITY;
  let before = bezier(curve, 0);
  for (let i = 1; i <= STEPS; i += 1) {
    const next = bezier(curve, i / STEPS);
    best = Math.min(best, segmentDistance(point, before, next));
    before = next;
  }
  return best;
}

/** The id of the edge nearest to `point` and no further than `tolerance` from it (all in the
 * canvas's units), or null. A curve lies inside its four points' box, so only the edges whose
 * box, widened by `tolerance`, holds the point are followed. */
export function edgeAt(
  point: Point,
  edges: readonly PickableEdge[],
  nodes: ReadonlyMap<string, PlacedNode>,
  tolerance: number,
): string | null {
  let nearest: string | null = null;
  let best = tolerance;
  for (const edge of edges) {
    const curve = edgeCurve(edge, nodes);
    if (!curve) continue;
    const xs = curve.map((p) => p.x);
    const ys = curve.map((p) => p.y);
    if (point.x < Math.min(...xs) - best || point.x > Math.max(...xs) + best) continue;
    if (point.y < Math.min(...ys) - best || point.y > Math.max(...ys) + best) continue;
    const distance = curveDistance(point, curve);
    if (distance <= best) {
      best = distance;
      nearest = edge.id;
    }
  }
  return nearest;
}
