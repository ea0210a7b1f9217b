/** Reading and writing parameter values as the text a person types: "5", "3, 5", "same", "". */
import type { ParamSchema } from "../api/types";

export type FieldKind = "boolean" | "enum" | "number" | "text";

const branches = (schema: ParamSchema): ParamSchema[] => schema.anyOf ?? [schema];

export function kindOf(schema: ParamSchema): FieldKind {
  if (schema.anyOf) return "text";
  if (schema.type === "boolean") return "boolean";
  if (schema.enum) return "enum";
  if (schema.type === "integer" || schema.type === "number") return "number";
  return "text";
}

export const allowsNull = (schema: ParamSchema): boolean => branches(schema).some((b) => b.type === "null");

export function display(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

/** The value to store for `text`; undefined means "unset: take the default". */
export function parse(text: string, schema: ParamSchema): unknown {
  const t = text.trim();
  if (t === "") return allowsNull(schema) ? null : undefined;
  const words = branches(schema).flatMap((b) => (b.enum ?? []).filter((w) => typeof w === "string"));
  if (words.includes(t)) return t;
  const parts = t
    .replace(/[[\]()]/g, "")
    .split(/[\s,×]+/)
    .filter(Boolean);
  const numbers = parts.map(Number);
  if (parts.length === 0 || numbers.some((n) => Number.isNaN(n))) return t; // the server explains
  const list = branches(schema).some((b) => b.type === "array");
  const scalar = branches(schema).some((b) => b.type === "integer" || b.type === "number");
  if (list && (parts.length > 1 || !scalar)) return numbers;
  return numbers[0];
}
