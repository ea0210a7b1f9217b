/** Pure code behind the decision-boundary view: the worker's grid decoded, its figures, CSV.
 *
 * A `boundary` event (netcanvas/events.py `BoundaryEvent`) carries a size × size grid over
 * `extent` = [x0_min, x0_max, x1_min, x1_max]: `predicted` and `confidence` are base64 of one
 * byte per cell, row-major, row 0 at the lowest x1 and column 0 at the lowest x0. */
import type { EventOf } from "../api/jobs";

export type BoundaryData = EventOf<"boundary">;

export interface Grid {
  size: number;
  extent: [number, number, number, number];
  /** Each cell's predicted class index. */
  predicted: Uint8Array;
  /** Each cell's predicted class's probability, 0..1. */
  probability: Float32Array;
}

export const CLASS_COLOURS = [
  "#2563eb",
  "#dc2626",
  "#16a34a",
  "#d97706",
  "#7c3aed",
  "#0891b2",
  "#db2777",
  "#65a30d",
  "#475569",
  "#ea580c",
];

export const classColour = (k: number): string => CLASS_COLOURS[k % CLASS_COLOURS.length] ?? "#000";

function bytes(base64: string): Uint8Array {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

export function decode(data: BoundaryData): Grid {
  const [a = 0, b = 1, c = 0, d = 1] = data.extent;
  const confidence = bytes(data.confidence);
  const probability = new Float32Array(confidence.length);
  for (let i = 0; i < confidence.length; i++) probability[i] = (confidence[i] ?? 0) / 255;
  return { size: data.size, extent: [a, b, c, d], predicted: bytes(data.predicted), probability };
}

/** The centre of cell (row, column) in the data's units: [x0, x1]. */
export function cellCentre(grid: Grid, row: number, column: number): [number, number] {
  const [x0Min, x0Max, x1Min, x1Max] = grid.extent;
  return [
    x0Min + ((column + 0.5) * (x0Max - x0Min)) / grid.size,
    x1Min + ((row + 0.5) * (x1Max - x1Min)) / grid.size,
  ];
}

/** The cell a point falls in, or -1 outside the grid. */
export function cellOf(grid: Grid, x0: number, x1: number): number {
  const [x0Min, x0Max, x1Min, x1Max] = grid.extent;
  const column = Math.floor(((x0 - x0Min) / (x0Max - x0Min)) * grid.size);
  const row = Math.floor(((x1 - x1Min) / (x1Max - x1Min)) * grid.size);
  if (row < 0 || column < 0 || row >= grid.size || column >= grid.size) return -1;
  return row * grid.size + column;
}

/** Each class's share of the plane (of the grid's cells), by class index. */
export function shares(grid: Grid, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const k of grid.predicted) if (k < classes) counts[k] = (counts[k] ?? 0) + 1;
  const total = Math.max(grid.predicted.length, 1);
  return counts.map((n) => n / total);
}

/** The share of the training points that lie in a cell of their own class (null: no points). */
export function pointsOnTheirSide(grid: Grid, points: readonly (readonly number[])[]): number | null {
  if (points.length === 0) return null;
  let right = 0;
  for (const [x0 = 0, x1 = 0, k = -1] of points) {
    const cell = cellOf(grid, x0, x1);
    if (cell >= 0 && grid.predicted[cell] === k) right += 1;
  }
  return right / points.length;
}

/** The grid as CSV: one row per cell, its centre, predicted class and that class's probability. */
export function boundaryCsv(grid: Grid, names: readonly string[]): string {
  const lines = ["x0,x1,class,probability"];
  for (let row = 0; row < grid.size; row++) {
    for (let column = 0; column < grid.size; column++) {
      const cell = row * grid.size + column;
      const [x0, x1] = cellCentre(grid, row, column);
      const k = grid.predicted[cell] ?? 0;
      const name = names[k] ?? String(k);
      const quoted = /[",\n]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name;
      lines.push(
        `${+x0.toPrecision(6)},${+x1.toPrecision(6)},${quoted},${(grid.probability[cell] ?? 0).toFixed(3)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The newer of the boundary the stream gave and the stored one, with the points of either. */
export function latest(live: BoundaryData | null, stored: BoundaryData | null): BoundaryData | null {
  const newer = !stored || (live && live.epoch >= stored.epoch) ? live : stored;
  if (!newer) return null;
  return { ...newer, points: newer.points ?? live?.points ?? stored?.points ?? null };
}

/** A few tick values over [low, high]: `count` evenly spaced, both ends included. */
export function ticks(low: number, high: number, count = 5): number[] {
  return Array.from({ length: count }, (_, i) => low + ((high - low) * i) / (count - 1));
}

/** A tick's number, short: 2 decimals at most, none where the range is large; never "-0.0" (a
 * tick a hair below zero rounds to a plain 0). */
export function tickLabel(value: number, span: number): string {
  const text = span >= 20 ? value.toFixed(0) : span >= 2 ? value.toFixed(1) : value.toFixed(2);
  return Number(text) === 0 ? text.replace("-", "") : text;
}

/**
 * Whether a job's network takes 2-D points: one Input (`inputs`, 1 when a job says nothing) of
 * shape [2]. Only those draw a boundary; the page asks for one only then (no needless 404).
 */
export function isTwoD(job: { input_shape?: number[] | null; inputs?: number }): boolean {
  return (job.inputs ?? 1) === 1 && job.input_shape?.length === 1 && job.input_shape[0] === 2;
}
