/** Inference over a dataset (backend/routes/inference.py): start a run of a job, list and read runs, the CSV's URL. */
import { client, unwrap } from "./http";
import type { InferenceRun } from "./models";

export type { InferenceRun } from "./models";

/** Whether the run has not ended yet (the panel polls while one has not). */
export const inferenceGoing = (run: InferenceRun): boolean =>
  run.status === "queued" || run.status === "running";

export const inferenceCsvUrl = (jobId: number, runId: string): string =>
  `/api/jobs/${jobId}/inference/${runId}/csv`;

const job = (id: number) => ({ params: { path: { job_id: id } } });

export const inferenceApi = {
  start: (jobId: number, dataset: string) =>
    unwrap(client.POST("/api/jobs/{job_id}/inference", { ...job(jobId), body: { dataset } })),
  list: (jobId: number) => unwrap(client.GET("/api/jobs/{job_id}/inference", job(jobId))),
};
