/** The dataset list the launch panel last read, kept for the page: reopened, the panel shows it at
 * once while it asks again, instead of "Loading…" on every open. Another user signing in here
 * starts a fresh page (`auth/session.ts`), so the list is always the signed-in user's. */
import { datasetsApi } from "../api/datasets";
import type { DatasetList } from "../api/models";

let last: DatasetList | null = null;

/** The list as last read, or null before the first answer. */
export const lastDatasets = (): DatasetList | null => last;

/** Read the list again, keeping it for the next open. */
export async function refreshDatasets(): Promise<DatasetList> {
  const list = await datasetsApi.list();
  last = list;
  return list;
}
