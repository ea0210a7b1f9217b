/**
 * Editor-side shapes of API data that are narrower than the generated schema (typed parameter
 * schemas, graph nodes); their new fields come from `schema.d.ts`, generated from the service.
 */

import type { components } from "./schema";

type CatalogueLayer = components["schemas"]["LayerPublic"];

export type Lang = "en" | "ja";
export type LocalText = Record<Lang, string>;

/** One property of a layer's parameter JSON Schema (as pydantic writes it). */
export interface ParamSchema {
  type?: "integer" | "number" | "boolean" | "string" | "array" | "null";
  anyOf?: ParamSchema[];
  enum?: (string | number)[];
  items?: ParamSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  title?: string;
  title_ja?: string;
  description?: string;
  description_ja?: string;
}

export interface LayerInfo {
  type: string;
  category: string;
  title: LocalText;
  help: LocalText;
  inputs: { min: number; max: number | null };
  outputs: number;
  params_schema: { properties?: Record<string, ParamSchema> };
  defaults: Record<string, unknown>;
  /** What code outside the catalogue may ask of a layer (netcanvas/layers/base.py). */
  role: CatalogueLayer["role"];
  integer_input: boolean;
  target_kind: CatalogueLayer["target_kind"];
}

export interface Catalogue {
  categories: { id: string; title: LocalText }[];
  layers: LayerInfo[];
}

/** `netcanvas/graph@1`. */
export interface GraphNode {
  id: string;
  type: string;
  params?: Record<string, unknown>;
  ui?: Record<string, unknown>;
}

export interface GraphEdge {
  source: string;
  target: string;
  target_port?: number;
  ui?: Record<string, unknown>;
}

export interface Graph {
  format: "netcanvas/graph@1";
  name?: string;
  description?: string;
  nodes: GraphNode[];
  edges?: GraphEdge[];
  ui?: Record<string, unknown>;
}

export interface Issue {
  node?: string | null;
  field?: string | null;
  edge?: number | null;
  message: string;
  /** Stable machine-readable code, e.g. "param.at_least"; the message is in the request's language. */
  code?: string;
  params?: Record<string, unknown>;
}

export interface NodeReport {
  output_shape: number[] | null;
  params: number | null;
  macs: number | null;
  /** The layer's key parameters in short form ("16 @ 5×5"), from the catalogue. */
  summary?: string | null;
}

export interface ValidationResult {
  valid: boolean;
  nodes: Record<string, NodeReport>;
  total_params: number;
  total_macs: number;
  errors: Issue[];
  warnings: Issue[];
}

export interface Project {
  id: number;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface NetworkSummary {
  id: number;
  project_id: number;
  name: string;
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface Network extends NetworkSummary {
  graph: Graph;
}

export interface RevisionSummary {
  number: number;
  created_at: string;
}

export interface Revision extends RevisionSummary {
  graph: Graph;
}

export interface SampleInfo {
  id: string;
  name: string;
  description: string;
  dataset: string;
}
