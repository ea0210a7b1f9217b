/** How the class table words a job's best metric and its epoch: pure, tested beside. */
import type { JobBrief } from "../api/models";
import { percentText } from "../components/percent";

/** "87.5 %" for an accuracy, "0.125" for a loss; null when the job has no metric yet. */
export function bestText(
  job: Pick<JobBrief, "best_metric" | "best_value">,
): { key: string; value: string } | null {
  if (job.best_metric == null || job.best_value == null) return null;
  const value = job.best_metric === "val_loss" ? job.best_value.toPrecision(3) : percentText(job.best_value);
  return { key: `classroom.metric_${job.best_metric}`, value };
}

/** "3/5", "3" when the epochs are not known, "–" before the first. */
export function epochText(job: Pick<JobBrief, "epoch" | "epochs">): string {
  if (job.epoch == null) return job.epochs == null ? "–" : `0/${job.epochs}`;
  return job.epochs == null ? String(job.epoch) : `${job.epoch}/${job.epochs}`;
}
