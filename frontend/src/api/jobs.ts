/** Types and fetch wrappers for training jobs and the dataset list (backend/routes/jobs.py). */
import { client, unwrap } from "./http";
import {
  ARTIFACT_NAMES,
  type ArtifactName,
  type EventPublicModel,
  type Graph,
  type JobEventModel,
  type JobModel,
  type PredictionPage,
  type PredictionQuery,
  type SampleNote,
  type StepPointModel,
  type TrainingConfigModel,
} from "./models";

export type {
  Evaluation,
  PerClass,
  PredictAnswer,
  Prediction,
  PredictionPage,
  PredictionQuery,
  SampleInput,
  Samples,
} from "./models";

/** A job as the API shows it. */
export type Job = JobModel;
export type JobStatus = Job["status"];

/** TrainingConfig (netcanvas/training_config.py); every field optional, the server fills defaults. */
export type TrainingConfig = TrainingConfigModel;

/** One job event (netcanvas/events.py), discriminated on `type`. */
export type JobEvent = JobEventModel;

/** The event of one `type`, e.g. `EventOf<"finished">`. */
export type EventOf<T extends JobEvent["type"]> = Extract<JobEvent, { type: T }>;

/** One stored event with its stream id: history items and websocket messages. */
export type StreamEntry = EventPublicModel;

/** Whether an ended job's exports (ONNX, model.py, the bundle last) are still being written. */
export const exportsPending = (names: readonly string[]): boolean =>
  names.includes("model.safetensors") && !names.includes("bundle.zip");

/** A point of the per-step curve of an epoch that ended, as the database keeps it. */
export type StepPoint = StepPointModel;

/** The downloadable artifacts, in the service's order (generated from its `ArtifactName`). */
export const ARTIFACTS = ARTIFACT_NAMES;

export const artifactUrl = (id: number, name: ArtifactName): string => `/api/jobs/${id}/artifacts/${name}`;

const job = (id: number) => ({ params: { path: { job_id: id } } });
/** Where a job's paged predictions come from: its owner's routes, or the class's for a teacher. */
export type PredictionSource = (id: number, query: PredictionQuery) => Promise<PredictionPage>;

export const jobsApi = {
  /** With the lesson `note` it is launched for (kept with the job, for its page), if any. */
  create: (graph: Graph, dataset: string, config: TrainingConfig, note?: SampleNote | null) =>
    unwrap(client.POST("/api/jobs", { body: { graph, dataset, config, ...(note ? { note } : {}) } })),
  /** With `weights`: each succeeded job's nodes with weights and their shapes (`startFit`). */
  list: (query: { weights?: boolean } = {}) => unwrap(client.GET("/api/jobs", { params: { query } })),
  get: (id: number) => unwrap(client.GET("/api/jobs/{job_id}", job(id))),
  cancel: (id: number) => unwrap(client.POST("/api/jobs/{job_id}/cancel", job(id))),
  pause: (id: number) => unwrap(client.POST("/api/jobs/{job_id}/pause", job(id))),
  resume: (id: number) => unwrap(client.POST("/api/jobs/{job_id}/resume", job(id))),
  remove: (id: number) => unwrap(client.DELETE("/api/jobs/{job_id}", job(id))),
  /** The events after `after` (all without it); only those of `types` when given (`["log"]`: the
   * log lines, worded in the UI's language). */
  events: (id: number, { after, types }: { after?: string; types?: JobEvent["type"][] } = {}) =>
    unwrap(
      client.GET("/api/jobs/{job_id}/events", {
        params: {
          path: { job_id: id },
          query: { ...(after ? { after } : {}), ...(types ? { type: types } : {}) },
        },
      }),
    ),
  epochs: (id: number) => unwrap(client.GET("/api/jobs/{job_id}/epochs", job(id))),
  steps: (id: number) => unwrap(client.GET("/api/jobs/{job_id}/steps", job(id))),
  evaluation: (id: number) => unwrap(client.GET("/api/jobs/{job_id}/evaluation", job(id))),
  graph: (id: number) => unwrap(client.GET("/api/jobs/{job_id}/graph", job(id))),
  samples: (id: number) => unwrap(client.GET("/api/jobs/{job_id}/samples", job(id))),
  /** The artifacts the job has (none for a job cancelled before it wrote any). */
  artifacts: (id: number) => unwrap(client.GET("/api/jobs/{job_id}/artifacts", job(id))),
  predictions: (id: number, query: PredictionQuery) =>
    unwrap(client.GET("/api/jobs/{job_id}/predictions", { params: { path: { job_id: id }, query } })),
  /** The latest decision boundary of a classifier of 2-D inputs (404: none). */
  boundary: (id: number) => unwrap(client.GET("/api/jobs/{job_id}/boundary", job(id))),
  predict: (
    id: number,
    body:
      | { image: string }
      | { input: unknown[] }
      | { images: Record<string, string>; inputs?: Record<string, number[]> }
      | { inputs: Record<string, number[]> },
  ) => unwrap(client.POST("/api/jobs/{job_id}/predict", { ...job(id), body })),
  /** The latest generated samples of a generative network (404: none). */
  generated: (id: number) => unwrap(client.GET("/api/jobs/{job_id}/generated", job(id))),
  /** New images from a trained generative network (409: no weights; 422: draws nothing). */
  generate: (id: number, body: { count?: number; seed?: number | null }) =>
    unwrap(client.POST("/api/jobs/{job_id}/generate", { ...job(id), body })),
};
