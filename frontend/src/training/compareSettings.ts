/** What two jobs were trained with, where it differs: the compare view's answer to "which
 * one used SGD?" when both jobs train the same network (an optimizer comparison). Only the
 * settings a job uses count (plain SGD has no momentum), as the launch form shows them. */
import type { TFunction } from "i18next";
import { kindOf } from "../components/paramValue";
import { type ConfigSchema, LAYOUT, optionLabel, type Values } from "./launchForm";

/** One setting that differs: each job's value as text, null where that job does not use it. */
export interface SettingDifference {
  name: string;
  a: string | null;
  b: string | null;
}

/** Settings outside the laid-out form fields that still change a run. */
const EXTRA = ["init_from", "freeze"] as const;

const asValues = (config: Record<string, unknown>): Values =>
  Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, typeof v === "boolean" ? v : String(v ?? "")]),
  );

/** A job launched before `test_fraction` existed held no test set: as 0, its default. */
const heldNone = (config: Record<string, unknown>): Record<string, unknown> =>
  "test_fraction" in config ? config : { ...config, test_fraction: 0 };

const text = (value: unknown): string => {
  if (value === null || value === undefined || value === "") return "–";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "–";
  return String(value);
};

/** The settings of `a` and `b` that differ, in the launch form's order. */
export function settingsThatDiffer(
  first: Record<string, unknown>,
  second: Record<string, unknown>,
): SettingDifference[] {
  const a = heldNone(first);
  const b = heldNone(second);
  const va = asValues(a);
  const vb = asValues(b);
  const rows: SettingDifference[] = [];
  for (const { name, when } of LAYOUT) {
    if (!(name in a) && !(name in b)) continue;
    const usedA = name in a && (when?.(va) ?? true);
    const usedB = name in b && (when?.(vb) ?? true);
    if (!usedA && !usedB) continue;
    const row = { name, a: usedA ? text(a[name]) : null, b: usedB ? text(b[name]) : null };
    if (row.a !== row.b) rows.push(row);
  }
  for (const name of EXTRA) {
    const row = { name, a: text(a[name]), b: text(b[name]) };
    if (row.a !== row.b) rows.push(row);
  }
  return rows;
}

/** A differing setting's value as the launch form words it: a choice by its label ("Momentum SGD"
 * for `momentum`, "cosine decay"), a number or a list as it is. */
export function valueText(t: TFunction, schema: ConfigSchema | null, name: string, value: string): string {
  const field = schema?.properties[name];
  const choice = name === "optimizer" || (field !== undefined && kindOf(field) === "enum");
  return choice ? optionLabel(t, name, value) : value;
}
