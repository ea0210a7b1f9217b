/** What the augmentation Preview asks for, as pure functions (tested beside). */

/** The dataset a launch preset names (`upload:12`), or the launch panel's choice (`12` for an
 * upload), as `POST /api/layers/preview` takes it: uploads by id. */
export function previewDataset(dataset: string | null | undefined): string | number | null {
  if (!dataset) return null;
  const upload = /^(?:upload:)?(\d+)$/.exec(dataset);
  return upload ? Number(upload[1]) : dataset;
}

/** What a preview answer was asked with: an answer for other parameters or another dataset no
 * longer shows what the node does. */
export const previewKey = (params: Record<string, unknown>, dataset: string | number | null): string =>
  JSON.stringify([params, dataset]);
