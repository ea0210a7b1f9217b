/**
 * The API types the editor reads more closely than the generated schema says: a layer's
 * parameters as a JSON Schema. Everything else is in `models.ts`, generated from the service.
 */

import type { CatalogueModel, LayerModel } from "./models";

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

/** A catalogue layer whose `params_schema` is read property by property. */
export type LayerInfo = Omit<LayerModel, "params_schema"> & {
  params_schema: { properties?: Record<string, ParamSchema> };
};

export type Catalogue = Omit<CatalogueModel, "layers"> & { layers: LayerInfo[] };
