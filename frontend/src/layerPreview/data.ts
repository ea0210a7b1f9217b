/** The layer previews' pure parts (tested beside): which dataset and jobs, and what to draw. */
import type { Graph } from "../api/models";
import type { components } from "../api/schema";

type Answer = components["schemas"]["LayerPreviewAnswer"];
type Preview = components["schemas"]["NodePreview"];

/** The dataset the previews use, as the API takes it: the launch preset's (an upload by id),
 * else the first built-in set whose variables fit the network's Inputs (each Input's shape that
 * of the variable it reads, `x` unless it names one: `x2`, ...), else none. */
export function pickDataset(
  preset: string | null | undefined,
  graph: Graph,
  builtins: readonly {
    name: string;
    sample_shape: number[];
    more_inputs?: Record<string, number[]>;
    download?: boolean;
  }[],
): string | number | null {
  if (preset) {
    const upload = /^upload:(\d+)$/.exec(preset);
    return upload ? Number(upload[1]) : preset;
  }
  const inputs = graph.nodes
    .filter((n) => n.type === "Input")
    .map((n) => {
      const params = (n.params ?? {}) as { shape?: unknown; variable?: unknown };
      const variable = typeof params.variable === "string" && params.variable ? params.variable : "x";
      return { variable, shape: Array.isArray(params.shape) ? params.shape.join(",") : null };
    });
  if (inputs.length === 0 || inputs.some((i) => i.shape === null)) return null;
  const fits = builtins.find(
    (d) =>
      !d.download &&
      inputs.every((i) => {
        const sample = i.variable === "x" ? d.sample_shape : d.more_inputs?.[i.variable];
        return sample !== undefined && sample.join(",") === i.shape;
      }),
  );
  return fits ? fits.name : null;
}

/** The finished jobs whose weights a preview can use, newest first: this saved network's, and
 * any other whose graph has the open network's name (a sample trained from the editor keeps
 * its name but no network id). The worker copies what fits by node id and shape. */
export function finishedJobs<
  J extends { id: number; network_id?: number | null; network_name?: string; status: string },
>(jobs: readonly J[], networkId: number | null, name: string): J[] {
  const ours = (j: J) =>
    (networkId !== null && j.network_id === networkId) || (name !== "" && j.network_name === name);
  return jobs
    .filter((j) => ours(j) && (j.status === "succeeded" || j.status === "cancelled"))
    .sort((a, b) => b.id - a.id);
}

/** One bar per value, from the zero line (or the range's edge, when all share a sign). */
export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  negative: boolean;
}

export function bars(values: readonly number[], width: number, height: number): Bar[] {
  if (values.length === 0) return [];
  const top = Math.max(0, ...values);
  const bottom = Math.min(0, ...values);
  const span = top - bottom || 1;
  const zero = (top / span) * height;
  const step = width / values.length;
  return values.map((v, i) => {
    const size = (Math.abs(v) / span) * height;
    return {
      x: i * step,
      y: v >= 0 ? zero - size : zero,
      width: Math.max(step - 0.5, 0.5),
      height: size,
      negative: v < 0,
    };
  });
}

/** An SVG polyline's points for one feature over time, within min..max. */
export function linePoints(
  line: readonly number[],
  min: number,
  max: number,
  width: number,
  height: number,
): string {
  const span = max - min || 1;
  const step = line.length > 1 ? width / (line.length - 1) : 0;
  return line
    .map((v, i) => `${(i * step).toFixed(1)},${(height - ((v - min) / span) * height).toFixed(1)}`)
    .join(" ");
}

/** A number short enough to sit beside a picture. */
export function short(value: number): string {
  if (value === 0) return "0";
  const size = Math.abs(value);
  return size >= 1000 || size < 0.01 ? value.toExponential(1) : String(Number(value.toPrecision(3)));
}

/** The previews of the open sheet: the network's nodes (`tab` null), or a unit's body as its
 * first use runs it; null when the unit has none (no use on the network runs it). */
export function sheetPreviews(answer: Answer | null, tab: string | null): Record<string, Preview> | null {
  if (!answer) return null;
  if (tab === null) return answer.nodes;
  return answer.units?.[tab]?.nodes ?? null;
}

/** What the status says of a unit's tab: the use whose run is shown, or that none runs it. */
export function unitNote(
  answer: Answer | null,
  tab: string | null,
): { key: "unitUse"; use: string } | { key: "unitNoUse" } | null {
  if (!answer || tab === null) return null;
  const unit = answer.units?.[tab];
  return unit ? { key: "unitUse", use: unit.use } : { key: "unitNoUse" };
}
