/** Which connections the canvas accepts, and how multi-input ports stay numbered 0, 1, ... */
import { edgeId, inHandle, type LayerNode, type LinkEdge, portOf } from "./types";

export interface LayerPorts {
  /** Inputs a type takes: max null means any number. `params` refine it where the node's own
   * parameters decide (a `Unit` node takes as many inputs as its unit has `UnitInput` ports). */
  inputs(type: string, params?: Record<string, unknown>): { min: number; max: number | null } | undefined;
  /** Outputs a type gives: 0 for losses. */
  outputs(type: string): number;
}

export interface Connection {
  source: string | null;
  target: string | null;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

/** Is there a path from `from` to `to` along the edges? */
export function reaches(edges: readonly LinkEdge[], from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>([from]);
  const stack = [from];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node === to) return true;
    for (const t of next.get(node) ?? []) {
      if (!seen.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  return false;
}

/** The reason a connection is refused, or null when it is fine. */
export function refuse(
  connection: Connection,
  nodes: readonly LayerNode[],
  edges: readonly LinkEdge[],
  layers: LayerPorts,
): string | null {
  const { source, target } = connection;
  if (!source || !target) return "incomplete";
  if (source === target) return "self-loop";
  const from = nodes.find((n) => n.id === source);
  const to = nodes.find((n) => n.id === target);
  if (!from || !to) return "unknown node";
  if (layers.outputs(from.data.type) === 0) return "a loss ends the graph";
  const inputs = layers.inputs(to.data.type, to.data.params);
  if (!inputs || inputs.max === 0) return "takes no input";
  const port = portOf(connection.targetHandle);
  if (inputs.max !== null && port >= inputs.max) return "no such port";
  // A cycle first: replacing the edge already on the port would not make it possible either.
  if (reaches(edges, target, source)) return "cycle";
  const handle = inHandle(port);
  if (edges.some((e) => e.target === target && e.targetHandle === handle)) return "port taken";
  return null;
}

/** What the canvas tells a user whose drop was refused (`refuse`'s reason): a UI string key and
 * its values, or null for a drop that needs no word (nothing under the pointer, a dropped port). */
export function refusalNote(
  reason: string | null,
  connection: Connection,
  edges: readonly LinkEdge[],
): { key: string; values: Record<string, string | number> } | null {
  const { source, target } = connection;
  if (!source || !target) return null;
  switch (reason) {
    case "cycle":
    case "self-loop":
      return { key: "connectRefused.cycle", values: { source, target } };
    case "port taken": {
      const port = portOf(connection.targetHandle);
      const from = edges.find((e) => e.target === target && e.targetHandle === inHandle(port))?.source;
      return { key: "connectRefused.portTaken", values: { node: target, port: port + 1, from: from ?? "?" } };
    }
    case "a loss ends the graph":
      return { key: "connectRefused.fromLoss", values: { node: source } };
    case "takes no input":
      return { key: "connectRefused.noInput", values: { node: target } };
    default:
      return null;
  }
}

/** Renumber each target's input handles to in0, in1, ... keeping their order. */
export function compactPorts(edges: readonly LinkEdge[]): LinkEdge[] {
  const byTarget = new Map<string, LinkEdge[]>();
  for (const e of edges) byTarget.set(e.target, [...(byTarget.get(e.target) ?? []), e]);
  const handles = new Map<LinkEdge, string>();
  for (const group of byTarget.values()) {
    const sorted = [...group].sort((a, b) => portOf(a.targetHandle) - portOf(b.targetHandle));
    for (const [i, e] of sorted.entries()) handles.set(e, inHandle(i));
  }
  let changed = false;
  const out = edges.map((e) => {
    const handle = handles.get(e) ?? e.targetHandle ?? inHandle(0);
    if (handle === e.targetHandle) return e;
    changed = true;
    return { ...e, targetHandle: handle, id: edgeId(e.source, e.target, handle) };
  });
  return changed ? out : [...edges];
}

/** How many input handles a node shows: one free beyond those connected, within the layer's range. */
export function handleCount(inputs: { min: number; max: number | null }, connected: number): number {
  if (inputs.max === 0) return 0;
  if (inputs.max === 1) return 1;
  const wanted = Math.max(inputs.min, connected + 1);
  return inputs.max === null ? wanted : Math.min(inputs.max, wanted);
}

/** The ports a node of `type` shows with `connected` inputs connected (unknown types: 1 and 1). */
export function nodePorts(
  layers: LayerPorts,
  type: string,
  connected: number,
  params?: Record<string, unknown>,
): { inputs: number; outputs: number } {
  const inputs = layers.inputs(type, params) ?? { min: 1, max: 1 };
  return { inputs: handleCount(inputs, connected), outputs: layers.outputs(type) };
}

const degrees = new WeakMap<readonly LinkEdge[], Map<string, number>>();

/** How many edges enter each node; cached per edges array, so every node can ask cheaply. */
export function inDegree(edges: readonly LinkEdge[], node: string): number {
  let counts = degrees.get(edges);
  if (!counts) {
    counts = new Map();
    for (const e of edges) counts.set(e.target, (counts.get(e.target) ?? 0) + 1);
    degrees.set(edges, counts);
  }
  return counts.get(node) ?? 0;
}
