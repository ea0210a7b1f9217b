/** Pure code behind the job view: events → epoch rows and the latest progress, resuming, CSV. */
import type { EventOf, JobEvent, StreamEntry } from "../api/jobs";

export type EpochRow = { epoch: number } & Record<string, number | undefined>;

export interface Progress {
  epoch?: number;
  epochs?: number;
  step?: number;
  steps?: number;
  samples_per_s?: number;
  eta_s?: number | null;
}

export interface JobView {
  /** The last stream id seen: a reconnect asks for the events after it. */
  lastId: string | null;
  epochs: EpochRow[];
  progress: Progress | null;
  started: EventOf<"started"> | null;
  finished: EventOf<"finished"> | null;
  logs: string[];
  /** The artifacts the worker wrote, in the order it wrote them. */
  artifacts: EventOf<"artifact">["name"][];
}

export const emptyView = (): JobView => ({
  lastId: null,
  epochs: [],
  progress: null,
  started: null,
  finished: null,
  logs: [],
  artifacts: [],
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
      return { ...view, epochs };
    }
    case "progress":
      return { ...view, progress: event as Progress };
    case "started":
      return { ...view, started: event };
    case "finished":
      return { ...view, finished: event };
    case "log":
      return { ...view, logs: [...view.logs, String(event.message ?? "")] };
    case "artifact":
      return view.artifacts.includes(event.name)
        ? view
        : { ...view, artifacts: [...view.artifacts, event.name] };
    default:
      return view;
  }
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
