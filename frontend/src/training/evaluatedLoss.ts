/** The mean loss of the split a job's evaluation is of, from the job's final metrics: the
 * same evaluation pass gives both (worker/training.py `_finish`). */

type Summary = Record<string, unknown> | null | undefined;

/** `val_loss`, or `train_loss` when the evaluation is of the training split (a job with no
 * validation split); undefined when the job has no such figure. */
export function evaluatedLoss(split: string | null | undefined, summary: Summary): number | undefined {
  const value = summary?.[split === "training" ? "train_loss" : "val_loss"];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
