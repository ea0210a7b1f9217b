/** Datasets: the catalogue and the user's uploads, previews, and uploads with progress. */
import i18n from "i18next";
import { ApiError } from "./client";
import { CSRF_HEADER, csrfToken, signedOut } from "./credentials";
import { client, unwrap } from "./http";
import type {
  BuiltinDataset,
  DatasetList,
  DatasetPreview,
  Lang,
  UploadedDataset,
  UploadInfo,
} from "./models";

export type Task = BuiltinDataset["task"] | NonNullable<UploadInfo["task"]>;

/** One row of the list: a built-in set or an upload, in the same terms. */
export interface DatasetEntry {
  /** The catalogue name or the upload's id: the preview path and the test id take it. */
  key: string;
  title: string;
  description: string;
  upload: UploadedDataset | null;
  task: Task;
  sampleShape: number[];
  classNames: string[];
  samples: number;
  sizes: Record<string, number> | null;
  /** A built-in set fetched from the internet on first use. */
  download: boolean;
  /** Input variables beyond x (x2…) with their sample shapes; targets beyond y (y2…) with
   * their classes. Empty for most datasets. */
  moreInputs: Record<string, number[]>;
  moreTargets: Record<string, string[]>;
  /** An anomaly set's normal class: training holds it alone, validation it and the anomalies
   * (for an autoencoder); null for any other set. */
  normalClass: string | null;
}

export function entries(list: DatasetList, lang: Lang): DatasetEntry[] {
  const builtin = list.builtin.map(
    (d): DatasetEntry => ({
      key: d.name,
      title: lang === "ja" ? d.title_ja || d.title : d.title,
      description: lang === "ja" ? d.description_ja || d.description : d.description,
      upload: null,
      task: d.task,
      sampleShape: d.sample_shape,
      classNames: d.class_names ?? [],
      samples: d.samples,
      sizes: null,
      download: d.download ?? false,
      moreInputs: d.more_inputs ?? {},
      moreTargets: d.more_targets ?? {},
      normalClass: d.normal_class ?? null,
    }),
  );
  const uploads = list.uploads.map(
    (d): DatasetEntry => ({
      key: String(d.id),
      title: d.name,
      description: d.filename,
      upload: d,
      task: d.info.task ?? "classification",
      sampleShape: d.info.sample_shape ?? [],
      classNames: d.info.class_names ?? [],
      samples: d.info.samples ?? 0,
      sizes: d.info.sizes ?? null,
      download: false,
      moreInputs: d.info.more_inputs ?? {},
      moreTargets: d.info.more_targets ?? {},
      normalClass: null,
    }),
  );
  return [...uploads, ...builtin];
}

/** Why an upload was refused, from its status and the JSON body of the answer. */
export interface UploadFailure {
  status: number;
  message: string;
  problems: string[];
}

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "msg" in value) return String(value.msg);
  if (value && typeof value === "object" && "message" in value) return String(value.message);
  return JSON.stringify(value);
}

/** The refusal's message and every problem it lists (a 422 names each file or CSV row). */
export function readFailure(status: number, body: unknown): UploadFailure {
  const detail = body && typeof body === "object" && "detail" in body ? body.detail : body;
  let message = "";
  let problems: string[] = [];
  if (typeof detail === "string") {
    message = detail;
  } else if (Array.isArray(detail)) {
    problems = detail.map(text);
    message = problems.join("; ");
  } else if (detail && typeof detail === "object") {
    if ("message" in detail) message = text(detail.message);
    if ("problems" in detail && Array.isArray(detail.problems)) problems = detail.problems.map(text);
  }
  if (!problems.length && message && status === 422) problems = [message];
  return { status, message: message || `HTTP ${status}`, problems };
}

/** The time series fields of an upload (`series_column`, ...), as typed; empty ones are left out. */
export interface SeriesFields {
  column: string;
  features: string;
  window: string;
  horizon: string;
  validation: string;
}

export interface UploadHandle {
  done: Promise<UploadedDataset>;
  abort: () => void;
}

/** An upload's test split: a second zip checked against the first (null until one is chosen),
 * or a fraction of its rows held out. */
export type TestSet = { file: File | null } | { fraction: number } | null;

/**
 * POST a zip to /api/datasets with XMLHttpRequest, so that progress can be shown.
 * `onProgress` gets 0..1 while the bytes go up; a refusal rejects with an UploadError.
 */
export function uploadDataset(
  file: File,
  name: string,
  onProgress: (fraction: number) => void,
  test: TestSet = null,
  series?: SeriesFields,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadedDataset>((resolve, reject) => {
    xhr.open("POST", "/api/datasets");
    xhr.setRequestHeader("Accept-Language", i18n.language || "en"); // problems in the UI language
    const csrf = csrfToken("POST");
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf);
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: only the status is known
      }
      if (xhr.status === 401) signedOut();
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as UploadedDataset);
      else reject(new UploadError(readFailure(xhr.status, body)));
    };
    xhr.onerror = () => reject(new UploadError({ status: 0, message: "network error", problems: [] }));
    xhr.onabort = () => reject(new UploadError({ status: -1, message: "aborted", problems: [] }));
    const form = new FormData();
    form.append("file", file, file.name);
    if (name.trim()) form.append("name", name.trim());
    for (const [key, value] of Object.entries(series ?? {})) {
      if (value.trim()) form.append(`series_${key}`, value.trim());
    }
    if (test && "file" in test && test.file) form.append("test", test.file, test.file.name);
    if (test && "fraction" in test) form.append("test_fraction", String(test.fraction));
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

export class UploadError extends ApiError {
  constructor(readonly failure: UploadFailure) {
    super(failure.status, failure.message);
  }
}

export const datasetsApi = {
  list: (): Promise<DatasetList> => unwrap(client.GET("/api/datasets")),
  preview: (key: string, signal?: AbortSignal): Promise<DatasetPreview> =>
    unwrap(client.GET("/api/datasets/{ref}/preview", { params: { path: { ref: key } }, signal })),
  remove: (id: number): Promise<void> =>
    unwrap(client.DELETE("/api/datasets/{dataset_id}", { params: { path: { dataset_id: id } } })).then(
      () => undefined,
    ),
};
