/** Top-to-bottom automatic layout with elkjs (layered), input ports kept in order. */

import type { XYPosition } from "@xyflow/react";
import type { ELK as Elk, ElkNode } from "elkjs/lib/elk-api";
import { type LayerNode, type LinkEdge, portOf } from "./types";

let elk: Promise<Elk> | null = null;

/** elkjs is large: load it the first time a layout is asked for. */
function loadElk(): Promise<Elk> {
  elk ??= import("elkjs/lib/elk.bundled.js").then(({ default: ELK }) => new ELK());
  return elk;
}

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 84;

export async function layoutPositions(
  nodes: readonly LayerNode[],
  edges: readonly LinkEdge[],
): Promise<Map<string, XYPosition>> {
  const graph: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.layered.spacing.nodeNodeBetweenLayers": "48",
      "elk.spacing.nodeNode": "40",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    },
    children: nodes.map((n) => ({
      id: n.id,
      width: n.measured?.width ?? NODE_WIDTH,
      height: n.measured?.height ?? NODE_HEIGHT,
      layoutOptions: { "elk.portConstraints": "FIXED_ORDER" },
      ports: [
        { id: `${n.id}:out`, layoutOptions: { "elk.port.side": "SOUTH" } },
        ...edges
          .filter((e) => e.target === n.id)
          .map((e) => e.targetHandle ?? "in0")
          .sort((a, b) => portOf(a) - portOf(b))
          .map((h, i) => ({
            id: `${n.id}:${h}`,
            layoutOptions: { "elk.port.side": "NORTH", "elk.port.index": String(i) },
          })),
      ],
    })),
    edges: edges.map((e) => ({
      id: e.id,
      sources: [`${e.source}:out`],
      targets: [`${e.target}:${e.targetHandle ?? "in0"}`],
    })),
  };
  const laid = await (await loadElk()).layout(graph);
  const positions = new Map<string, XYPosition>();
  for (const child of laid.children ?? []) {
    positions.set(child.id, { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) });
  }
  return positions;
}
