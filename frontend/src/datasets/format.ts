/** Pure helpers for the datasets page: sizes, shapes, labels and value tables. */

/** Bytes as people read them: 512 B, 1.5 KiB, 12 MiB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "?";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${value} B`;
  const digits = value < 10 ? 1 : 0;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** A shape as the canvas shows it: `[1, 8, 8]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** A number short enough for a table cell. */
export function formatNumber(value: unknown): string {
  if (typeof value !== "number") return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

export function isClassLabel(label: unknown): label is { index: number; name: string } {
  return !!label && typeof label === "object" && "index" in label && "name" in label;
}

/** A class's name, or regression targets as a short list. */
export function labelText(label: unknown): string {
  if (isClassLabel(label)) return String(label.name);
  if (Array.isArray(label)) return formatShape(label.map((v) => Number(formatNumber(v))));
  return formatNumber(label);
}

export interface ValueTable {
  rows: string[][];
  /** More rows or columns than shown. */
  clipped: boolean;
}

/** A sample's values as at most `maxRows` × `maxCols` cells: a vector is one row, a matrix many. */
export function valueTable(values: readonly unknown[], maxRows = 6, maxCols = 8): ValueTable {
  const nested = values.some(Array.isArray);
  const matrix: unknown[][] = nested
    ? values.map((row) => (Array.isArray(row) ? (row.flat(Number.POSITIVE_INFINITY) as unknown[]) : [row]))
    : chunk(values, maxCols);
  const clipped = matrix.length > maxRows || matrix.some((row) => row.length > maxCols);
  const rows = matrix.slice(0, maxRows).map((row) => row.slice(0, maxCols).map(formatNumber));
  return { rows, clipped };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Class names in order of the training split (or any split), with each split's count. */
export function countRows(
  counts: Record<string, Record<string, number>>,
): { name: string; splits: { split: string; count: number }[] }[] {
  const splits = Object.keys(counts);
  const names: string[] = [];
  for (const split of splits) {
    for (const name of Object.keys(counts[split] ?? {})) if (!names.includes(name)) names.push(name);
  }
  return names.map((name) => ({
    name,
    splits: splits.map((split) => ({ split, count: counts[split]?.[name] ?? 0 })),
  }));
}
