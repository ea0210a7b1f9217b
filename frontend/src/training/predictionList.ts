/** What a paged list of a job's predictions has loaded, and which samples a confusion cell has. */
import type { Prediction, PredictionPage, SampleInput, Samples } from "../api/jobs";

/** The rows loaded so far, and how many there are in all. */
export interface Loaded {
  rows: Prediction[];
  total: number;
}

/** `loaded` with `page` appended (rows already there are not repeated). */
export function appendPage(loaded: Loaded | null, page: PredictionPage): Loaded {
  const rows = loaded?.rows ?? [];
  const seen = new Set(rows.map((row) => row.index));
  return { rows: [...rows, ...page.rows.filter((row) => !seen.has(row.index))], total: page.total };
}

/** The kept predictions (the evaluation's short list) of a cell; either class may be left out. */
export function inCell(predictions: Prediction[], label?: string, predicted?: string): Prediction[] {
  return predictions.filter(
    (p) =>
      (label === undefined || p.label === label) && (predicted === undefined || p.predicted === predicted),
  );
}

/**
 * The inputs held for a cell's samples, in index order: those the samples carry the classes of
 * (`per_cell` first ones of each cell, and the evaluation's list), or, for a job from before,
 * those of its kept predictions.
 */
export function cellSamples(
  samples: Samples | null,
  predictions: Prediction[],
  label: string,
  predicted: string,
): SampleInput[] {
  const all = samples?.samples ?? [];
  if (samples?.per_cell !== undefined) {
    return all.filter((s) => s.label === label && s.predicted === predicted);
  }
  const byIndex = new Map(all.map((s) => [s.index, s]));
  return inCell(predictions, label, predicted)
    .map((p) => byIndex.get(p.index))
    .filter((s): s is SampleInput => s !== undefined);
}

/** What a cell's line about its pictures says: all of them, or "N of M" with how many first ones
 * each cell kept (`per_cell`), which is said only when it is a number the cell can count on (not
 * for a job from before, nor 0: more cells than pictures kept, so some have none). */
export function picturesNote(
  samples: Samples | null,
  shown: number,
  total: number,
): { key: string; params: Record<string, number> } {
  if (shown >= total) return { key: "training.evaluation.picturesAll", params: { count: total } };
  const kept = samples?.per_cell;
  if (!kept) return { key: "training.evaluation.picturesSomeOld", params: { shown, total } };
  return { key: "training.evaluation.picturesSome", params: { shown, total, kept } };
}
