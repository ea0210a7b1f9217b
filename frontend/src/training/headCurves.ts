/** Several heads (issue 15): each loss's own epoch figures, `val_loss/<loss>` and
 * `val_accuracy/<loss>` (worker/heads.py), drawn beside the total and the primary head's. */
import type { EpochRow } from "./curves";

/** The per-loss keys of `metric` in the rows, in first-seen order. */
export function headKeys(rows: readonly EpochRow[], metric: "val_loss" | "val_accuracy"): string[] {
  const keys = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) if (key.startsWith(`${metric}/`)) keys.add(key);
  }
  return [...keys];
}

const PALETTE = ["#0891b2", "#9333ea", "#ea580c", "#65a30d", "#db2777"];

/** A colour per head key, by its place among the keys. */
export const headColour = (keys: readonly string[], key: string): string =>
  PALETTE[keys.indexOf(key) % PALETTE.length] ?? "#6b7280";
