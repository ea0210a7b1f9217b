/**
 * The split of a run that starts from an earlier job's weights on the same dataset. Those
 * weights were trained on that job's training rows; keeping its seed, validation split and
 * test fraction keeps the rows it never trained on held out, so the new run's validation and
 * test scores stay honest. The launch panel sets them when such a job is chosen and says so;
 * if they are changed, it says what that risks and offers them back (the API warns too,
 * `job.held_out_seen`, with how many held-out rows the weights were trained on).
 */
import type { Values } from "./launchForm";

export const SPLIT_FIELDS = ["seed", "validation_split", "test_fraction"] as const;

export interface EarlierJob {
  id: number;
  dataset: string;
  config: Record<string, unknown>;
}

/** The launch form's dataset choice (a built-in's name, an upload's id) as a job names it. */
export function datasetRef(choice: string): string {
  return /^\d+$/.test(choice) ? `upload:${choice}` : choice;
}

/** The earlier job `initFrom` names, when it trained on the chosen dataset; else null. */
export function sameDataJob<J extends EarlierJob>(
  initFrom: string | null,
  dataset: string,
  jobs: J[],
): J | null {
  if (!initFrom || !dataset) return null;
  const found = jobs.find((j) => String(j.id) === initFrom);
  return found && found.dataset === datasetRef(dataset) ? found : null;
}

/** The form's values with the split fields the form has set as `job` had them. */
export function withSplitOf(values: Values, job: EarlierJob): Values {
  const next = { ...values };
  for (const name of SPLIT_FIELDS) {
    const theirs = job.config[name];
    if (name in values && (typeof theirs === "number" || typeof theirs === "string"))
      next[name] = String(theirs);
  }
  return next;
}

/** Whether the form's split differs from `job`'s (numbers compared as numbers: 0.20 is 0.2). */
export function splitDiffers(values: Values, job: EarlierJob): boolean {
  return SPLIT_FIELDS.some((name) => {
    const theirs = job.config[name];
    if (!(name in values) || theirs === undefined || theirs === null) return false;
    const typed = String(values[name]).trim();
    return typed === "" || Number(typed) !== Number(theirs);
  });
}
