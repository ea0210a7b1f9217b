/** Pure code behind the job view: events → epoch rows and the latest progress, resuming, CSV. */
import type { EventOf, JobEvent, StepPoint, StreamEntry } from "../api/jobs";
import { type EpochLayers, withLayers } from "./gradients";

export type EpochRow = { epoch: number } & Record<string, number | undefined>;

/** The per-step curve draws at most this many points: longer runs are averaged in buckets. */
export const MAX_STEP_POINTS = 1000;

export interface Progress {
  epoch?: number;
  epochs?: number;
  step?: number;
  steps?: number;
  samples_per_s?: number;
  eta_s?: number | null;
}

/** A log line with the stream id of its event: a switch of the UI's language words it again
 * in place (`relabelLogs`). */
export interface LogLine {
  id: string;
  text: string;
  /** The line's message code and its params (`netcanvas/messages.py`), when it has one. */
  code?: string;
  params?: Record<string, unknown>;
}

/** The epoch whose weights the run kept (keep-best's `log.kept_best_*` line), to mark on the
 * loss curve; null when the run ends with its last epoch's weights or has not ended yet. */
export function keptEpoch(logs: readonly LogLine[]): number | null {
  const line = logs.findLast((l) => l.code?.startsWith("log.kept_best_"));
  const epoch = line?.params?.epoch;
  return typeof epoch === "number" ? epoch : null;
}

export interface JobView {
  /** The last stream id seen: a reconnect asks for the events after it. */
  lastId: string | null;
  epochs: EpochRow[];
  /** The per-step curve's points (`metrics` events), in order of epoch and step. */
  steps: StepPoint[];
  progress: Progress | null;
  started: EventOf<"started"> | null;
  finished: EventOf<"finished"> | null;
  logs: LogLine[];
  /** The artifacts the worker wrote, in the order it wrote them. */
  artifacts: EventOf<"artifact">["name"][];
  /** Each epoch's per-layer weight and gradient figures (`Gradients.tsx`). */
  layers: EpochLayers[];
  /** The latest decision boundary (2-D classifiers), with the run's training points. */
  boundary: EventOf<"boundary"> | null;
  /** The latest generated samples (a VAE's grid from noise, its latent map). */
  generated: EventOf<"samples"> | null;
}

export const emptyView = (): JobView => ({
  lastId: null,
  epochs: [],
  steps: [],
  progress: null,
  started: null,
  finished: null,
  logs: [],
  artifacts: [],
  layers: [],
  boundary: null,
  generated: null,
});

/** Stream ids are `<ms>-<seq>`; compare them numerically. */
export function compareIds(a: string, b: string): number {
  const [am, as = "0"] = a.split("-");
  const [bm, bs = "0"] = b.split("-");
  const major = Number(am) - Number(bm);
  return major !== 0 ? Math.sign(major) : Math.sign(Number(as) - Number(bs));
}

function numeric(event: Record<string, unknown>): EpochRow {
  const row: EpochRow = { epoch: Number(event.epoch) };
  for (const [key, value] of Object.entries(event)) {
    if (typeof value === "number" && key !== "epoch") row[key] = value;
  }
  return row;
}

/** Fold entries into the view; an entry at or before `lastId` (a replay overlap) is skipped. */
export function applyEntries(view: JobView, entries: readonly StreamEntry[]): JobView {
  let next = view;
  for (const { id, event } of entries) {
    if (next.lastId !== null && compareIds(id, next.lastId) <= 0) continue;
    next = applyEvent({ ...next, lastId: id }, event);
  }
  return next;
}

export function applyEvent(view: JobView, event: JobEvent): JobView {
  switch (event.type) {
    case "epoch": {
      const row = numeric(event);
      const epochs = view.epochs.filter((r) => r.epoch !== row.epoch);
      epochs.push(row);
      epochs.sort((a, b) => a.epoch - b.epoch);
      return { ...view, epochs, layers: withLayers(view.layers, row.epoch, event.layers) };
    }
    case "metrics":
      return { ...view, steps: withPoint(view.steps, event) };
    case "progress":
      return { ...view, progress: event as Progress };
    case "started":
      return { ...view, started: event };
    case "finished":
      return { ...view, finished: event };
    case "log": // `applyEntries` sets `lastId` to this event's id first
      return {
        ...view,
        logs: [
          ...view.logs,
          {
            id: view.lastId ?? "",
            text: String(event.message ?? ""),
            ...(event.code ? { code: event.code } : {}),
            ...(event.params ? { params: event.params } : {}),
          },
        ],
      };
    case "artifact":
      return view.artifacts.includes(event.name)
        ? view
        : { ...view, artifacts: [...view.artifacts, event.name] };
    case "boundary": // the points come in a run's first one only
      return { ...view, boundary: { ...event, points: event.points ?? view.boundary?.points ?? null } };
    case "samples": // a later one without a latent map keeps the one before
      return { ...view, generated: { ...event, latent: event.latent ?? view.generated?.latent ?? null } };
    default:
      return view;
  }
}

/** Add a point; one at or before a point of its epoch already there starts that epoch again
 * (a run resumed from its checkpoint repeats the epoch it was in): the old ones go. */
function withPoint(points: readonly StepPoint[], event: EventOf<"metrics">): StepPoint[] {
  const { type: _type, ts: _ts, lr: _lr, ...point } = event;
  const kept = points.filter(
    (p) => p.epoch < point.epoch || (p.epoch === point.epoch && p.step < point.step),
  );
  return [...kept, point];
}

/** Points from `GET /api/jobs/{id}/steps` joined to those the events gave: the database's for
 * the epochs the events lack (Redis lost them), the events' for the rest. */
export function mergeSteps(points: readonly StepPoint[], stored: readonly StepPoint[]): StepPoint[] {
  const have = new Set(points.map((p) => p.epoch));
  const merged = [...stored.filter((p) => !have.has(p.epoch)), ...points];
  return merged.sort((a, b) => a.epoch - b.epoch || a.step - b.step);
}

/** Whether an epoch that ended has no point of the per-step curve in the view. */
export const missingSteps = (view: JobView): boolean =>
  view.epochs.some((row) => !view.steps.some((p) => p.epoch === row.epoch));

/** The per-step curve as rows on the epoch axis: a point after step s of S in epoch e sits
 * at e - 1 + s/S, so an epoch's last steps meet its epoch point at e. `step_loss` and
 * `step_accuracy` (the figures since the previous point; the running means from older
 * workers) become `train_loss_steps` and `train_accuracy_steps`. More than `max` points are
 * averaged in buckets of consecutive ones. */
export function stepRows(points: readonly StepPoint[], max = MAX_STEP_POINTS): EpochRow[] {
  const rows: EpochRow[] = points.map((p) => ({
    epoch: p.epoch - 1 + p.step / Math.max(p.steps ?? p.step, 1),
    train_loss_steps: p.step_loss ?? p.train_loss,
    train_accuracy_steps: p.step_accuracy ?? p.train_accuracy ?? undefined,
  }));
  if (rows.length <= max) return rows;
  const size = Math.ceil(rows.length / max);
  const buckets: EpochRow[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const bucket = rows.slice(start, start + size);
    buckets.push({
      epoch: bucket.at(-1)?.epoch ?? 0,
      train_loss_steps: mean(bucket.map((r) => r.train_loss_steps)),
      train_accuracy_steps: mean(bucket.map((r) => r.train_accuracy_steps)),
    });
  }
  return buckets;
}

function mean(values: (number | undefined)[]): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : undefined;
}

/** Rows from `GET /api/jobs/{id}/epochs`, for jobs whose Redis events are gone. */
export function epochsFromRows(rows: readonly Record<string, unknown>[]): EpochRow[] {
  return rows
    .map((r) => numeric({ type: "epoch", ...r }))
    .filter((r) => Number.isFinite(r.epoch))
    .sort((a, b) => a.epoch - b.epoch);
}

/** uPlot's columnar data: x (epochs) then one array per key (null where missing). */
export function series(rows: readonly EpochRow[], keys: readonly string[]): (number | null)[][] {
  return [rows.map((r) => r.epoch), ...keys.map((k) => rows.map((r) => r[k] ?? null))];
}

/** Keys present in at least one row, in the order given. */
export const presentKeys = (rows: readonly EpochRow[], keys: readonly string[]): string[] =>
  keys.filter((k) => rows.some((r) => r[k] !== undefined));

/** The epochs as CSV: `epoch` first, then every other column in first-seen order. */
export function toCsv(rows: readonly EpochRow[]): string {
  const columns = ["epoch"];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [columns.join(",")];
  for (const row of rows)
    lines.push(columns.map((c) => (row[c] === undefined ? "" : String(row[c]))).join(","));
  return `${lines.join("\n")}\n`;
}

export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** Several jobs' columns on one x axis (the union of their epochs), for overlays. */
export function aligned(
  groups: readonly { rows: readonly EpochRow[]; keys: readonly string[] }[],
): (number | null)[][] {
  const xs = [...new Set(groups.flatMap((g) => g.rows.map((r) => r.epoch)))].sort((a, b) => a - b);
  const columns: (number | null)[][] = [xs];
  for (const { rows, keys } of groups) {
    const byEpoch = new Map(rows.map((r) => [r.epoch, r]));
    for (const key of keys) columns.push(xs.map((x) => byEpoch.get(x)?.[key] ?? null));
  }
  return columns;
}

/** The per-phase keys of several networks trained in phases (`train_loss/phase:<name>`, …)
 * whose metric is one of `metrics`, in the order the rows first carry them. */
export function phaseKeys(rows: readonly EpochRow[], metrics: readonly string[]): string[] {
  const found: string[] = [];
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      const [metric, rest] = key.split("/", 2);
      if (rest?.startsWith("phase:") && metrics.includes(metric ?? "") && !found.includes(key)) {
        found.push(key);
      }
    }
  }
  return found;
}

/** The view with its log lines worded as `entries` word them (the job's log events read again in
 * another language), matched by stream id; everything else, and a line not among them, as it was.
 * The same view when no line changes. */
export function relabelLogs(view: JobView, entries: readonly StreamEntry[]): JobView {
  const worded = new Map<string, string>();
  for (const { id, event } of entries) if (event.type === "log") worded.set(id, String(event.message ?? ""));
  let changed = false;
  const logs = view.logs.map((line) => {
    const text = worded.get(line.id);
    if (text === undefined || text === line.text) return line;
    changed = true;
    return { ...line, text };
  });
  return changed ? { ...view, logs } : view;
}
