/** Several students' jobs on one chart (`ClassCompare`): each job a colour of its own, its
 * training curve dashed and its validation curve solid, each line named by student and job. */
import type { Line } from "../training/Chart";
import { aligned, type EpochRow, presentKeys } from "../training/curves";
import { lineColour } from "../training/palette";

export interface OverlaidJob {
  id: number;
  /** The student's name; empty while the job is not read (or cannot be). */
  owner: string;
  rows: EpochRow[];
}

/** The colour of the `index`-th job picked (again from the first after ten). */
export const jobColour = lineColour;

/** The lines and uPlot data of `metrics` (train_loss, val_loss) of every job that has any, each
 * metric called by `name` ("Training loss"; its key when none is given). */
export function overlay(
  jobs: readonly OverlaidJob[],
  metrics: readonly string[],
  name: (metric: string) => string = (metric) => metric,
): { lines: Line[]; data: (number | null)[][] } {
  const lines: Line[] = [];
  const groups: { rows: EpochRow[]; keys: string[] }[] = [];
  jobs.forEach((job, index) => {
    const keys = presentKeys(job.rows, metrics);
    if (keys.length === 0) return;
    groups.push({ rows: job.rows, keys });
    for (const key of keys) {
      lines.push({
        label: `${job.owner} #${job.id} ${name(key)}`,
        color: jobColour(index),
        dash: key.startsWith("train_"),
      });
    }
  });
  return { lines, data: aligned(groups) };
}
