/** What the augmentation Preview asks for, as pure functions (tested beside). */

/** The dataset a launch preset names, as `POST /api/layers/preview` takes it: uploads by id. */
export function previewDataset(dataset: string | null | undefined): string | number | null {
  if (!dataset) return null;
  const upload = /^upload:(\d+)$/.exec(dataset);
  return upload ? Number(upload[1]) : dataset;
}
