/** Whether an ended classifier did no better than chance, and the facts its hint words, from what
 * the page already holds (the epoch rows and the evaluation's class counts): pure, tested beside. */
import type { Evaluation } from "../api/jobs";
import type { EpochRow } from "./curves";

/** An accuracy within this many points of the majority-class rate is no better than chance. */
export const CHANCE_MARGIN = 0.05;
/** A training loss that fell by less than this share from the first epoch to the last barely moved. */
export const FLAT_LOSS = 0.05;

export interface Stall {
  /** The split the accuracy is of: validation when the run had one, else training. */
  split: "validation" | "training";
  /** The best accuracy any epoch reached on it. */
  accuracy: number;
  /** Always answering the most common class: the evaluation's share of it, else 1 / classes. */
  chance: number;
  /** The training loss of the first and last epochs when it barely moved, else null. */
  flatLoss: { first: number; last: number } | null;
}

/** The share of the most common class in the evaluated split, from its per-class support. */
export function majorityRate(evaluation: Evaluation | null): number | null {
  const counts = (evaluation?.per_class ?? []).map((c) => c.support ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  return total > 0 ? Math.max(...counts) / total : null;
}

const best = (rows: readonly EpochRow[], key: string) => {
  const values = rows.map((r) => r[key]).filter((v): v is number => typeof v === "number");
  return values.length ? Math.max(...values) : null;
};

function flatLoss(rows: readonly EpochRow[]): Stall["flatLoss"] {
  const losses = rows.map((r) => r.train_loss).filter((v): v is number => typeof v === "number");
  if (losses.length < 2) return null;
  const first = losses[0] as number;
  const last = losses.at(-1) as number;
  return first > 0 && (first - last) / first < FLAT_LOSS ? { first, last } : null;
}

/**
 * The stall of an ended classification run whose best accuracy (validation, or training without
 * it) is within `CHANCE_MARGIN` of always answering the majority class; null for a run that
 * learned, or one with no accuracy to judge. `classes` (the started event's count) gives chance as
 * 1 / classes when no evaluation tells the class counts: never above the majority rate, so the
 * hint errs towards silence.
 */
export function stall(
  rows: readonly EpochRow[],
  evaluation: Evaluation | null,
  classes: number,
): Stall | null {
  const validation = best(rows, "val_accuracy");
  const accuracy = validation ?? best(rows, "train_accuracy");
  const chance = majorityRate(evaluation) ?? (classes > 1 ? 1 / classes : null);
  if (accuracy === null || chance === null || accuracy > chance + CHANCE_MARGIN) return null;
  const split = validation === null ? "training" : "validation";
  return { split, accuracy, chance, flatLoss: flatLoss(rows) };
}
