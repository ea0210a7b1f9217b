/** Pure code behind the "Weights and gradients" view: each epoch event's per-layer figures
 * (`layers`, worker/layer_stats.py) kept by epoch, as norm lines per layer, and as CSV. */
import type { EventOf } from "../api/jobs";

export type LayerMap = NonNullable<EventOf<"epoch">["layers"]>;
export type LayerFigures = LayerMap[string];
export type Histogram = NonNullable<LayerFigures["weight_hist"]>;
export type NormKey = "weight_norm" | "grad_norm";

/** One epoch's figures: every weighted node by id. */
export interface EpochLayers {
  epoch: number;
  layers: LayerMap;
}

const isMap = (value: unknown): value is LayerMap =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Add (or replace) an epoch's figures; epochs stay in order. An event without them changes nothing. */
export function withLayers(list: readonly EpochLayers[], epoch: number, layers: unknown): EpochLayers[] {
  if (!isMap(layers) || Object.keys(layers).length === 0) return list as EpochLayers[];
  const kept = list.filter((e) => e.epoch !== epoch);
  return [...kept, { epoch, layers }].sort((a, b) => a.epoch - b.epoch);
}

/** The figures of the database's epoch rows (`GET /api/jobs/{id}/epochs`), when the events are gone. */
export function layersFromRows(rows: readonly Record<string, unknown>[]): EpochLayers[] {
  let list: EpochLayers[] = [];
  for (const row of rows) list = withLayers(list, Number(row.epoch), row.layers);
  return list.filter((e) => Number.isFinite(e.epoch));
}

/** Every layer's id, in the order the network has them (the first epoch that names them). */
export function layerIds(list: readonly EpochLayers[]): string[] {
  const ids: string[] = [];
  for (const { layers } of list) for (const id of Object.keys(layers)) if (!ids.includes(id)) ids.push(id);
  return ids;
}

/** uPlot's columns: the epochs, then one line per layer of `key`. A zero or missing figure is
 * a gap, since the chart's y axis is logarithmic. */
export function normSeries(
  list: readonly EpochLayers[],
  ids: readonly string[],
  key: NormKey,
): (number | null)[][] {
  const value = (figures: LayerFigures | undefined) => {
    const v = figures?.[key];
    return typeof v === "number" && v > 0 ? v : null;
  };
  return [list.map((e) => e.epoch), ...ids.map((id) => list.map((e) => value(e.layers[id])))];
}

/** The layers that have a gradient at all (frozen ones have none). */
export const withGradient = (list: readonly EpochLayers[], ids: readonly string[]): string[] =>
  ids.filter((id) => list.some((e) => typeof e.layers[id]?.grad_norm === "number"));

/** The epochs whose event carried histograms of `layer` (a long run's, some of them). */
export const histogramEpochs = (list: readonly EpochLayers[], layer: string): number[] =>
  list.filter((e) => e.layers[layer]?.weight_hist).map((e) => e.epoch);

/** The CSV download: epoch,layer,weight_norm,grad_norm, a row per layer per epoch. */
export function layersCsv(list: readonly EpochLayers[]): string {
  const cell = (v: number | null | undefined) => (typeof v === "number" ? String(v) : "");
  const lines = ["epoch,layer,weight_norm,grad_norm"];
  for (const { epoch, layers } of list)
    for (const [id, f] of Object.entries(layers))
      lines.push([epoch, id, cell(f.weight_norm), cell(f.grad_norm)].join(","));
  return `${lines.join("\n")}\n`;
}

/** Where bin i of a histogram starts and ends. */
export function binEdges(hist: Histogram): [number, number][] {
  const n = hist.counts.length;
  const width = (hist.hi - hist.lo) / Math.max(n, 1);
  return hist.counts.map((_, i) => [hist.lo + i * width, hist.lo + (i + 1) * width]);
}

/** A figure as the page shows it: four significant digits, exponent form when very small or large. */
export function formatNorm(value: number | null | undefined): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return "–";
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5)) return value.toExponential(2);
  return value.toPrecision(4);
}
