/** The one way a share (an accuracy) reads as a percentage: "96.3 %", one decimal, halves rounded
 * up. The figures come as float64 (the evaluation's 0.9625) or as float32 stored in a summary
 * (0.96249997): the value in tenths of a percent is first cut to 6 significant digits, under
 * float32's 7, so both read the same digit ("96.3 %", not "96.2 %"). */
export function percentText(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "–";
  const tenths = Math.round(Number((share * 1000).toPrecision(6)));
  return `${(tenths / 10).toFixed(1)} %`;
}

/** How precision, recall and F1 read wherever they are shown (the evaluation tables, the compare
 * page): a ratio with three decimals ("0.963"), as scikit-learn's classification report and Neural
 * Network Console show them. Beside an accuracy (a percentage) their label says so with
 * `training.evaluation.ratio`, "Precision (0–1)". */
export function ratioText(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return value.toFixed(3);
}
