/** Short text for shapes and counts; a layer's summary ("16 @ 5×5") comes from the catalogue. */

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
