/** What an ended (or paused) job reached, for the jobs list's Progress column: "10/10 epochs",
 * "cancelled at 3/10", where a dash told nothing. */
import type { Progress } from "./curves";

export interface Reached {
  /** The i18n key under `training.jobs`: `reached_<status>`. */
  key: string;
  epoch: number;
  epochs: number;
}

const ENDED = new Set(["succeeded", "cancelled", "failed", "paused"]);

const count = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;

/**
 * The epoch a job got to, of how many; null while it is queued or running (the live progress tells
 * it then) or when the job says neither. A finished job counts the epochs it ran (`summary.epochs_run`:
 * the last progress report can be an epoch behind, reports come at most every second); one stopped
 * counts the epoch it was in when it stopped (its last progress), else the epochs it ran.
 */
export function reached(job: {
  status: string;
  progress: Progress | Record<string, unknown>;
  summary: Record<string, unknown>;
  config: Record<string, unknown>;
}): Reached | null {
  if (!ENDED.has(job.status)) return null;
  const progress = job.progress as Record<string, unknown>;
  const ran = count(job.summary.epochs_run);
  const at = count(progress.epoch);
  const epoch = job.status === "succeeded" ? (ran ?? at) : (at ?? ran);
  const epochs = count(job.config.epochs) ?? count(progress.epochs);
  if (epoch === null || epochs === null) return null;
  return { key: `reached_${job.status}`, epoch, epochs };
}
