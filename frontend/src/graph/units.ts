/**
 * Units (docs/GRAPH_UNITS_AND_NETWORKS.md, section 1): named sub-networks of a graph, each
 * edited on its own canvas. Here: their editor-side form, the conversion to and from the
 * file's `units` list, and the pure edits that keep `"$name"` references and uses in step.
 */
import type { Graph, UnitArgumentModel, UnitDefModel } from "../api/models";
import { type Canvas, fromGraph, type GraphMeta, toGraph } from "./convert";
import type { LayerNode, LinkEdge, Params, PortInfo } from "./types";

export const UNIT_TYPE = "Unit";
export const UNIT_INPUT = "UnitInput";
export const UNIT_OUTPUT = "UnitOutput";

/** A unit's argument: `"$name"` in a parameter inside the unit stands for its value. */
export type UnitArgument = UnitArgumentModel;

/** One entry of the file's `units` list, as written. */
export type GraphUnit = UnitDefModel;

/** A graph that may carry units. */
export type UnitGraph = Graph;

/** A unit in the editor: its canvas's nodes and edges, and the rest of its entry. */
export interface UnitDef {
  name: string;
  description?: string;
  arguments?: UnitArgument[];
  nodes: LayerNode[];
  edges: LinkEdge[];
  ui?: Record<string, unknown> | null;
}

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The marker that binds a parameter to argument `name`. */
export const argRef = (name: string): string => `$${name}`;

/** The argument a parameter value is bound to, or null for a plain value. */
export function boundArg(value: unknown): string | null {
  return typeof value === "string" && value.startsWith("$") ? value.slice(1) : null;
}

/** The file's units as editor units, and the names of those whose nodes lack positions. */
export function unitsFromGraph(graph: UnitGraph): { units: UnitDef[]; unplaced: string[] } {
  const unplaced: string[] = [];
  const units = (graph.units ?? []).map((unit): UnitDef => {
    const canvas: Canvas = fromGraph({
      format: graph.format,
      name: unit.name,
      nodes: unit.nodes ?? [],
      edges: unit.edges ?? [],
    });
    if (!canvas.positioned && canvas.nodes.length > 0) unplaced.push(unit.name);
    const { nodes: _n, edges: _e, ...rest } = unit;
    return { ...structuredClone(rest), nodes: canvas.nodes, edges: canvas.edges };
  });
  return { units, unplaced };
}

/** One editor unit as the file's entry. */
export function unitToGraph(
  unit: UnitDef,
  ports: PortInfo,
  options: { positions?: boolean } = {},
): GraphUnit {
  const meta: GraphMeta = { name: unit.name };
  const graph = toGraph(meta, unit.nodes, unit.edges, ports, options);
  const { nodes: _n, edges: _e, ...rest } = unit;
  return { ...structuredClone(rest), nodes: graph.nodes, edges: graph.edges ?? [] };
}

/** The graph with `units` added when there are any. */
export function withUnits(
  graph: Graph,
  units: readonly UnitDef[],
  ports: PortInfo,
  options: { positions?: boolean } = {},
): UnitGraph {
  if (units.length === 0) return graph;
  return { ...graph, units: units.map((u) => unitToGraph(u, ports, options)) };
}

/** Replace each parameter bound to `$from` by `to` (a new binding, or a plain value). */
export function rebind(nodes: readonly LayerNode[], from: string, to: unknown): LayerNode[] {
  return nodes.map((node) => {
    const params = node.data.params;
    if (!params || !Object.values(params).some((v) => boundArg(v) === from)) return node;
    const next: Params = {};
    for (const [key, value] of Object.entries(params)) {
      if (boundArg(value) !== from) next[key] = value;
      else if (to !== undefined) next[key] = to;
    }
    const { params: _old, ...rest } = node.data;
    return { ...node, data: Object.keys(next).length === 0 ? rest : { ...rest, params: next } };
  });
}

/** Apply `edit` to the params of every use of unit `name` among `nodes`. */
export function editUses(
  nodes: readonly LayerNode[],
  name: string,
  edit: (params: Params) => Params,
): LayerNode[] {
  return nodes.map((node) => {
    if (node.data.type !== UNIT_TYPE || node.data.params?.unit !== name) return node;
    return { ...node, data: { ...node.data, params: edit({ ...node.data.params }) } };
  });
}

/** Rename key `from` of a use's `args` to `to` (drop it when `to` is null). */
export function renameArgKey(params: Params, from: string, to: string | null): Params {
  const args = params.args;
  if (!args || typeof args !== "object" || !(from in args)) return params;
  const next: Params = {};
  for (const [key, value] of Object.entries(args as Params)) {
    if (key !== from) next[key] = value;
    else if (to !== null) next[to] = value;
  }
  const { args: _old, ...rest } = params;
  return Object.keys(next).length === 0 ? rest : { ...rest, args: next };
}

/** A use's params switched to unit `name` (`unit`): values of arguments it lacks are dropped. */
export function switchUse(params: Params, name: string, unit: UnitDef | undefined): Params {
  const known = new Set((unit?.arguments ?? []).map((a) => a.name));
  let next: Params = { ...params, unit: name };
  const args = params.args;
  if (args && typeof args === "object") {
    for (const key of Object.keys(args)) if (!known.has(key)) next = renameArgKey(next, key, null);
  }
  return next;
}

/** The units that use unit `name`, directly or through other units: using one in it makes a cycle. */
export function unitsUsing(units: readonly UnitDef[], name: string): Set<string> {
  const users = new Set<string>();
  let grown = true;
  while (grown) {
    grown = false;
    for (const unit of units) {
      if (users.has(unit.name) || unit.name === name) continue;
      const used = unit.nodes.some((n) => {
        const inner = n.data.type === UNIT_TYPE ? n.data.params?.unit : undefined;
        return inner === name || (typeof inner === "string" && users.has(inner));
      });
      if (used) {
        users.add(unit.name);
        grown = true;
      }
    }
  }
  return users;
}

/** How many nodes use unit `name`. */
export const usesOf = (nodes: readonly LayerNode[], name: string): number =>
  nodes.filter((n) => n.data.type === UNIT_TYPE && n.data.params?.unit === name).length;

/** A fresh unit: one input wired to the output. */
export function newUnit(name: string): UnitDef {
  const node = (id: string, type: string, y: number): LayerNode => ({
    id,
    type: "layer",
    position: { x: 0, y },
    data: { type },
  });
  return {
    name,
    arguments: [],
    nodes: [node("in", UNIT_INPUT, 0), node("out", UNIT_OUTPUT, 200)],
    edges: [
      {
        id: "in->out:in0",
        type: "link",
        source: "in",
        sourceHandle: "out",
        target: "out",
        targetHandle: "in0",
        data: {},
      },
    ],
  };
}

/** How many inputs a use with `params` takes: its unit's highest `UnitInput` port + 1 (0: unknown). */
export function unitPorts(units: readonly UnitDef[], params: Params | undefined): number {
  const unit = units.find((u) => u.name === params?.unit);
  let ports = 0;
  for (const node of unit?.nodes ?? []) {
    if (node.data.type !== UNIT_INPUT) continue;
    const port = node.data.params?.port;
    ports = Math.max(ports, (typeof port === "number" ? port : 0) + 1);
  }
  return ports;
}
