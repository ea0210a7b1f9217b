/**
 * What a node's summary line adds for units: a use's unit with its argument values, repeat and
 * sharing (`block (channels 8) ×2 · shared`), so that uses of one unit differ at a glance; and
 * inside a unit, the parameters bound to arguments (`out_channels $channels`).
 */
import type { Params } from "./types";
import { boundArg } from "./units";

const show = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** A use's line; `shared` is the word for shared weights in the reader's language. */
export function unitUseLine(params: Params | undefined, shared: string): string {
  const unit = typeof params?.unit === "string" ? params.unit : "";
  const args = params?.args && typeof params.args === "object" ? Object.entries(params.args) : [];
  const repeat = typeof params?.repeat === "number" ? params.repeat : 1;
  let line = unit;
  if (args.length > 0) line += ` (${args.map(([k, v]) => `${k} ${show(v)}`).join(", ")})`;
  if (repeat > 1) line += ` ×${repeat}`;
  if (repeat > 1 && params?.share_weights === true) line += ` · ${shared}`;
  return line;
}

/** The parameters bound to arguments, as `name $argument`; "" when none is. */
export function boundLine(params: Params | undefined): string {
  return Object.entries(params ?? {})
    .filter(([, value]) => boundArg(value) !== null)
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(", ");
}
