/** How a job's dataset reads on the page: by the name the job's answer gives it (`dataset_name`:
 * a built-in set's title in the UI's language, "MNIST 5k: 5–9", or an upload's name with its
 * number, `temps (upload #1)`), not the key the API stores (`mnist5k_5to9`, `upload:1`). */

import type { DatasetList, Lang } from "../api/models";

/** What `datasetLabel` reads of a job (`Job`, `ClassJob`). */
export interface NamedDataset {
  dataset: string;
  dataset_name?: string | null;
}

export function datasetLabel(job: NamedDataset, uploadWord: string): string {
  const match = /^upload:(\d+)$/.exec(job.dataset);
  const name = job.dataset_name;
  if (!match) return name || job.dataset; // a set no catalogue has any more: its key
  return name ? `${name} (${uploadWord} #${match[1]})` : `${uploadWord} #${match[1]}`; // deleted
}

/** The launch panel's choice (a built-in set's name, an upload's id) as a person reads it: the
 * set's title in `lang` ("MNIST 5k"), the upload's name; the choice itself when the list lacks it. */
export function choiceTitle(list: DatasetList | null, choice: string, lang: Lang): string {
  const builtin = list?.builtin.find((d) => d.name === choice);
  if (builtin) return (lang === "ja" && builtin.title_ja) || builtin.title;
  return list?.uploads.find((u) => String(u.id) === choice)?.name ?? choice;
}
