/** The canvas side of a graph: React Flow nodes and edges carrying netcanvas data. */
import type { Edge, Node } from "@xyflow/react";

export type Params = Record<string, unknown>;

export interface LayerData extends Record<string, unknown> {
  type: string;
  /** Only the parameters the graph sets; absent ones take the catalogue's defaults. */
  params?: Params;
  /** Editor-only data other than the position (comments, ...), kept as imported. */
  ui?: Record<string, unknown>;
}

export interface LinkData extends Record<string, unknown> {
  /** The imported edge named its target_port although the target takes one input. */
  port?: boolean;
  ui?: Record<string, unknown>;
}

export type LayerNode = Node<LayerData, "layer">;
export type LinkEdge = Edge<LinkData, "link">;

/** What the conversion needs to know about layer types (from the catalogue). */
export interface PortInfo {
  /** The most inputs a type takes; null: any number. */
  maxInputs(type: string): number | null;
}

export const SOURCE_HANDLE = "out";
export const inHandle = (port: number): string => `in${port}`;

/** The port number of a target handle id `in<k>`; 0 for anything else. */
export function portOf(handle: string | null | undefined): number {
  const match = /^in(\d+)$/.exec(handle ?? "");
  return match ? Number(match[1]) : 0;
}

export const edgeId = (source: string, target: string, targetHandle: string): string =>
  `${source}->${target}:${targetHandle}`;
