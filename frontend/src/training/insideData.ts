/** Pure helpers of the "Inside the network" panel: sample choices, number formats, CSV of a grid. */
import type { Samples } from "../api/jobs";

export interface SampleChoice {
  index: number;
  text: string;
}

/** The stored validation samples that have a picture, as "#12 · 3 → 5" (true → predicted). */
export function sampleChoices(samples: Samples | null): SampleChoice[] {
  return (samples?.samples ?? [])
    .filter((s) => s.image)
    .map((s) => ({
      index: s.index,
      text: s.label !== undefined ? `#${s.index} · ${s.label} → ${s.predicted ?? "?"}` : `#${s.index}`,
    }));
}

/** A value beside a picture: 3 significant digits, no exponent for ordinary sizes. */
export function short(value: number): string {
  if (value === 0) return "0";
  const size = Math.abs(value);
  if (size >= 1e4 || size < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/** A grid of numbers (rows of columns) as CSV: a header `row,c0,c1,...`, then one line a row. */
export function gridCsv(grid: readonly (readonly number[])[]): string {
  const width = grid[0]?.length ?? 0;
  const header = ["row", ...Array.from({ length: width }, (_, c) => `c${c}`)].join(",");
  const lines = [header, ...grid.map((row, r) => [r, ...row].join(","))];
  return `${lines.join("\n")}\n`;
}

/** One head of a network of several (an entry of the evaluation's `heads`, by loss id). */
export interface HeadChoice {
  loss: string;
  head: string;
  classifier: boolean;
}

/** The heads the panel can follow, the primary first (the evaluation's order); none when the
 * network has one head, so the panel shows no select. */
export function headChoices(
  heads: Record<string, { head?: string; task?: string }> | undefined,
): HeadChoice[] {
  const entries = Object.entries(heads ?? {});
  if (entries.length < 2) return [];
  return entries.map(([loss, r]) => ({
    loss,
    head: r.head ?? loss,
    classifier: r.task === "classification",
  }));
}

/** The primary head's loss id when another head is followed: the sample list's true and
 * predicted classes are the primary head's (the evaluation stores those only), so the list
 * says so; null when the primary (or the only) head is followed. */
export function listedHead(heads: readonly HeadChoice[], followed: string | null): string | null {
  const primary = heads[0]?.loss;
  return primary !== undefined && followed !== null && followed !== primary ? primary : null;
}

/** An image Input a network of several Inputs can be looked at through, and the dataset
 * variable it reads (`x`, `x2`, ...). */
export interface InputChoice {
  node: string;
  variable: string;
}

type GraphNodeLike = { id: string; type: string; params?: Record<string, unknown> | null };

/** The image Inputs (`[1 or 3, H, W]`) of a graph's nodes, in order, with their variables. */
export function imageInputs(nodes: readonly GraphNodeLike[]): InputChoice[] {
  return nodes
    .filter((n) => n.type === "Input")
    .filter((n) => {
      const shape = n.params?.shape;
      return Array.isArray(shape) && shape.length === 3 && (shape[0] === 1 || shape[0] === 3);
    })
    .map((n) => ({ node: n.id, variable: String(n.params?.variable ?? "x") }));
}

/** The body's `input` (the image Input looked at) and, for a drawing, the validation sample the
 * other Inputs read; the body unchanged for a network of one Input. */
export function withInput<T extends { sample?: number; image?: string }>(
  body: T,
  input: string | null,
  sample: number | null,
): T & { input?: string; sample?: number } {
  if (input === null) return body;
  const other = body.sample === undefined && sample !== null ? { sample } : {};
  return { ...body, ...other, input };
}

export { download } from "../components/download";

/** Whether a Grad-CAM answer has no heat at all (its highest value is 0): the picture is then
 * one flat colour, which reads as a broken view unless the page says why. */
export const camEmpty = (answer: { cam_max: number }): boolean => !(answer.cam_max > 0);
