/**
 * A classifier's precision, recall and F1 from its run summary (`val_precision`, `val_recall`,
 * `val_f1`, or `train_*` when it had no validation split): of the positive class (class 1) with
 * two classes, the macro averages with more (`worker/split_evaluation.py headline_scores`).
 * Jobs from before these fields, and other tasks, have none.
 */

export interface SummaryScores {
  precision: number;
  recall: number;
  f1: number;
}

export function summaryScores(summary: Record<string, unknown> | null | undefined): SummaryScores | null {
  if (!summary) return null;
  for (const prefix of ["val_", "train_"]) {
    const [precision, recall, f1] = ["precision", "recall", "f1"].map((k) => summary[prefix + k]);
    if (typeof precision === "number" && typeof recall === "number" && typeof f1 === "number") {
      return { precision, recall, f1 };
    }
  }
  return null;
}
