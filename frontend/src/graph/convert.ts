/** Conversion between the canvas (React Flow nodes and edges) and `netcanvas/graph@1`. */
import type { Graph, GraphEdge, GraphNode } from "../api/models";
import {
  edgeId,
  inHandle,
  type LayerNode,
  type LinkEdge,
  type PortInfo,
  portOf,
  SOURCE_HANDLE,
} from "./types";

export const FORMAT = "netcanvas/graph@1";

export interface GraphMeta {
  name: string;
  description?: string;
  ui?: Record<string, unknown>;
  /** Phases of several networks trained together, kept as the file has them. */
  training?: Graph["training"];
}

export interface Canvas {
  meta: GraphMeta;
  nodes: LayerNode[];
  edges: LinkEdge[];
  /** Whether every node came with a `ui` position (else the editor lays the graph out). */
  positioned: boolean;
}

function position(ui: Record<string, unknown> | undefined): { x: number; y: number } | null {
  if (!ui || typeof ui.x !== "number" || typeof ui.y !== "number") return null;
  return { x: ui.x, y: ui.y };
}

export function fromGraph(graph: Graph): Canvas {
  let positioned = true;
  const nodes = graph.nodes.map((node, index): LayerNode => {
    const at = position(node.ui ?? undefined);
    if (!at) positioned = false;
    const { x: _x, y: _y, ...restUi } = node.ui ?? {};
    const data: LayerNode["data"] = { type: node.type };
    // `params: {}` means the same as no params (the server writes it so): keep one spelling.
    if (node.params !== undefined && Object.keys(node.params).length > 0) data.params = { ...node.params };
    if (node.ui != null && Object.keys(restUi).length > 0) data.ui = restUi;
    return { id: node.id, type: "layer", position: at ?? { x: 0, y: index * 100 }, data };
  });
  // Edges without a target_port take the next free port of their target, in file order.
  const used = new Map<string, Set<number>>();
  const taken = (target: string): Set<number> => {
    const ports = used.get(target) ?? new Set<number>();
    used.set(target, ports);
    return ports;
  };
  for (const edge of graph.edges ?? []) {
    if (edge.target_port != null) taken(edge.target).add(edge.target_port);
  }
  const edges = (graph.edges ?? []).map((edge): LinkEdge => {
    let port = edge.target_port;
    if (port == null) {
      const ports = taken(edge.target);
      port = 0;
      while (ports.has(port)) port += 1;
      ports.add(port);
    }
    const targetHandle = inHandle(port);
    const data: LinkEdge["data"] = {};
    if (edge.target_port != null) data.port = true;
    if (edge.ui != null) data.ui = edge.ui;
    return {
      id: edgeId(edge.source, edge.target, targetHandle),
      type: "link",
      source: edge.source,
      sourceHandle: SOURCE_HANDLE,
      target: edge.target,
      targetHandle,
      data,
    };
  });
  const meta: GraphMeta = { name: graph.name ?? "" };
  if (graph.description) meta.description = graph.description;
  if (graph.ui != null) meta.ui = graph.ui;
  if (graph.training != null) meta.training = graph.training;
  return { meta, nodes, edges, positioned };
}

export interface ToGraphOptions {
  /** Leave out positions (for validation, where they do not matter). */
  positions?: boolean;
}

export function toGraph(
  meta: GraphMeta,
  nodes: readonly LayerNode[],
  edges: readonly LinkEdge[],
  ports: PortInfo,
  options: ToGraphOptions = {},
): Graph {
  const withPositions = options.positions ?? true;
  const types = new Map(nodes.map((n) => [n.id, n.data.type]));
  const graphNodes = nodes.map((node): GraphNode => {
    const out: GraphNode = { id: node.id, type: node.data.type };
    if (node.data.params !== undefined) out.params = { ...node.data.params };
    if (withPositions) {
      out.ui = { ...node.data.ui, x: Math.round(node.position.x), y: Math.round(node.position.y) };
    } else if (node.data.ui !== undefined) {
      out.ui = { ...node.data.ui };
    }
    return out;
  });
  const graphEdges = edges.map((edge): GraphEdge => {
    const out: GraphEdge = { source: edge.source, target: edge.target };
    const type = types.get(edge.target);
    const multi = type !== undefined && ports.maxInputs(type) !== 1;
    if (multi || edge.data?.port) out.target_port = portOf(edge.targetHandle);
    if (edge.data?.ui !== undefined) out.ui = edge.data.ui;
    return out;
  });
  return {
    format: FORMAT,
    name: meta.name,
    ...(meta.description !== undefined ? { description: meta.description } : {}),
    nodes: graphNodes,
    edges: graphEdges,
    ...(meta.ui !== undefined ? { ui: meta.ui } : {}),
    ...(meta.training != null ? { training: meta.training } : {}),
  };
}
