/** Which epoch's weights a job's evaluation is of, so the page can say so beside the class
 * table's best-epoch figure: pure, tested beside. */

interface JobFacts {
  summary?: Record<string, unknown> | null;
  config?: Record<string, unknown> | null;
}

/**
 * The epoch keep-best kept (its log line, `logged`, or the summary's `kept_epoch`), or, for a run
 * that keeps the last epoch's weights, its last epoch (`lastEpoch`). Null where a run chose by a
 * metric and says nowhere which epoch (a job from before `kept_epoch`, read without its log).
 */
export function evaluatedEpoch(job: JobFacts | null, lastEpoch: number | null, logged: number | null = null) {
  if (logged !== null) return logged;
  const told = job?.summary?.kept_epoch;
  if (typeof told === "number") return told;
  const keep = job?.config?.keep_best;
  return keep === undefined || keep === null || keep === "last" ? lastEpoch : null;
}
