/** Types and fetch wrappers for training jobs and the dataset list (backend/routes/jobs.py). */
import { client, unwrap } from "./http";
import type { ArtifactName, EventPublicModel, JobEventModel, JobModel, TrainingConfigModel } from "./models";
import type { Graph } from "./types";

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** A job as the API shows it, with its status narrowed to the values the service writes. */
export type Job = Omit<JobModel, "status"> & { status: JobStatus };

/** TrainingConfig (netcanvas/training_config.py); every field optional, the server fills defaults. */
export type TrainingConfig = TrainingConfigModel;

/** One job event (netcanvas/events.py), discriminated on `type`. */
export type JobEvent = JobEventModel;

/** The event of one `type`, e.g. `EventOf<"finished">`. */
export type EventOf<T extends JobEvent["type"]> = Extract<JobEvent, { type: T }>;

/** One stored event with its stream id: history items and websocket messages. */
export type StreamEntry = EventPublicModel;

export interface PerClass {
  class: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Prediction {
  index: number;
  label?: string;
  predicted?: string | number[];
  top3?: { class: string; p: number }[];
  target?: number[];
  reconstruction_error?: number;
}

export interface Evaluation {
  task: "classification" | "regression" | "autoencoder" | string;
  split?: string;
  class_names?: string[];
  confusion_matrix?: number[][];
  per_class?: PerClass[];
  accuracy?: number;
  macro_avg?: Omit<PerClass, "class">;
  weighted_avg?: Omit<PerClass, "class">;
  mse?: number;
  mae?: number;
  r2?: number;
  reconstruction_mse?: number;
  error_quantiles?: Record<string, number>;
  predictions?: Prediction[];
}

export interface SampleInput {
  index: number;
  image?: string;
  values?: unknown;
}

export interface Samples {
  kind: string;
  samples: SampleInput[];
  reconstructions: SampleInput[];
}

export interface PredictAnswer {
  task: string;
  class_names?: string[];
  probabilities?: number[][];
  predicted?: string[];
  values?: unknown;
}

/** The downloadable artifacts, in the service's order; checked below against `ArtifactName`. */
export const ARTIFACTS = [
  "model.safetensors",
  "model.onnx",
  "model.py",
  "graph.json",
  "evaluation.json",
  "metrics.csv",
  "bundle.zip",
] as const satisfies readonly ArtifactName[];

// Fails to compile when the service declares an artifact this list lacks.
const everyArtifact: Exclude<ArtifactName, (typeof ARTIFACTS)[number]> extends never ? true : never = true;
void everyArtifact;

export const artifactUrl = (id: number, name: ArtifactName): string => `/api/jobs/${id}/artifacts/${name}`;

const job = (id: number) => ({ params: { path: { job_id: id } } });
const as = <T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> =>
  unwrap(call) as Promise<T>;

export const jobsApi = {
  create: (graph: Graph, dataset: string, config: TrainingConfig) =>
    as<Job>(client.POST("/api/jobs", { body: { graph, dataset, config } as never })),
  list: () => as<Job[]>(client.GET("/api/jobs")),
  get: (id: number) => as<Job>(client.GET("/api/jobs/{job_id}", job(id))),
  cancel: (id: number) => as<Job>(client.POST("/api/jobs/{job_id}/cancel", job(id))),
  remove: (id: number) => as<void>(client.DELETE("/api/jobs/{job_id}", job(id))),
  events: (id: number, after?: string) =>
    as<StreamEntry[]>(
      client.GET("/api/jobs/{job_id}/events", {
        params: { path: { job_id: id }, query: after ? { after } : {} },
      } as never),
    ),
  epochs: (id: number) => as<Record<string, unknown>[]>(client.GET("/api/jobs/{job_id}/epochs", job(id))),
  evaluation: (id: number) => as<Evaluation>(client.GET("/api/jobs/{job_id}/evaluation", job(id))),
  graph: (id: number) => as<Graph>(client.GET("/api/jobs/{job_id}/graph", job(id))),
  samples: (id: number) => as<Samples>(client.GET("/api/jobs/{job_id}/samples", job(id))),
  predict: (id: number, body: { image: string } | { input: unknown[] }) =>
    as<PredictAnswer>(client.POST("/api/jobs/{job_id}/predict", { ...job(id), body: body as never })),
};
