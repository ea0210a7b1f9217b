/** Short text for shapes, counts and a layer's key parameters ("16 @ 5×5"). */
import type { Params } from "./types";

export const formatShape = (shape: readonly number[] | null | undefined): string =>
  shape ? `[${shape.join(", ")}]` : "";

const grouped = new Intl.NumberFormat("en-US");

export const formatCount = (n: number | null | undefined): string =>
  n === null || n === undefined ? "" : grouped.format(n);

/** 12_345_678 → "12.3M", for tight places. */
export function formatCompact(n: number): string {
  if (n < 1000) return String(n);
  const units: [number, string][] = [
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [size, unit] of units) {
    if (n >= size) return `${(n / size).toFixed(n >= size * 100 ? 0 : 1)}${unit}`;
  }
  return String(n);
}

/** A size that is an int or a list: 5 → "5×5" (in `dims` dimensions), [3, 5] → "3×5". */
function size(value: unknown, dims: number): string {
  if (Array.isArray(value)) return value.join("×");
  if (typeof value === "number") return Array(dims).fill(value).join("×");
  return String(value);
}

const DIMS: Record<string, number> = { Conv1d: 1, Conv2d: 2, ConvTranspose2d: 2 };

/** The parameters worth reading on the node itself; "" when none are. */
export function summary(type: string, params: Params | undefined, defaults: Params): string {
  const p: Params = { ...defaults, ...params };
  const extras: string[] = [];
  switch (type) {
    case "Input":
      return Array.isArray(p.shape) ? p.shape.join("×") : "";
    case "Linear":
      return String(p.out_features);
    case "Embedding":
      return `${String(p.num_embeddings)} → ${String(p.embedding_dim)}`;
    case "Conv1d":
    case "Conv2d":
    case "ConvTranspose2d": {
      const dims = DIMS[type] ?? 2;
      if (JSON.stringify(p.stride) !== "1") extras.push(`s${size(p.stride, 1)}`);
      if (p.padding === "same" || p.padding === "valid") extras.push(String(p.padding));
      else if (JSON.stringify(p.padding) !== "0") extras.push(`p${size(p.padding, 1)}`);
      const head = `${String(p.out_channels)} @ ${size(p.kernel_size, dims)}`;
      return [head, ...extras].join(", ");
    }
    case "MaxPool2d":
    case "AvgPool2d":
    case "SumPool2d":
      if (p.stride !== null && JSON.stringify(p.stride) !== JSON.stringify(p.kernel_size)) {
        extras.push(`s${size(p.stride, 1)}`);
      }
      return [size(p.kernel_size, 2), ...extras].join(", ");
    case "Upsample":
      return `×${size(p.scale_factor, 1)} ${String(p.mode)}`;
    case "RNN":
    case "LSTM":
    case "GRU":
      if (Number(p.num_layers) > 1) extras.push(`×${String(p.num_layers)}`);
      if (p.bidirectional) extras.push("bi");
      if (p.return_sequences) extras.push("seq");
      return [String(p.hidden_size), ...extras].join(" ");
    case "Dropout":
      return `p=${String(p.p)}`;
    case "LeakyReLU":
      return `slope ${String(p.negative_slope)}`;
    case "ELU":
      return `α=${String(p.alpha)}`;
    case "Softmax":
    case "LogSoftmax":
    case "Concat":
      return `dim ${String(p.dim)}`;
    case "Reshape":
      return Array.isArray(p.shape) ? `[${p.shape.join(", ")}]` : "";
    case "Flatten":
      return p.start_dim === 0 && p.end_dim === -1 ? "" : `${String(p.start_dim)}…${String(p.end_dim)}`;
    default:
      return typeof p.target === "string" && p.target !== "label" ? `target: ${p.target}` : "";
  }
}
