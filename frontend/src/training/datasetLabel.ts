/** How a job's dataset reads on the page: a built-in set by its title in the reader's language
 * (the answer's `dataset_name`, "Digits 8×8"), an upload by the name its owner gave it
 * (`temps (upload #1)`), not the key the API stores (`digits`, `upload:1`). */
import { useEffect, useState } from "react";
import { datasetsApi } from "../api/datasets";
import type { DatasetList, Lang } from "../api/models";

/** Each upload's id and name, as `datasetsApi.list()` gives them. */
export type UploadNames = ReadonlyMap<number, string>;

export function datasetLabel(
  job: { dataset: string; dataset_name?: string | null },
  names: UploadNames,
  uploadWord: string,
): string {
  const match = /^upload:(\d+)$/.exec(job.dataset);
  if (!match) return job.dataset_name ?? job.dataset;
  const id = Number(match[1]);
  const name = names.get(id) ?? job.dataset_name;
  return name ? `${name} (${uploadWord} #${id})` : `${uploadWord} #${id}`;
}

/** The launch panel's choice (a built-in set's name, an upload's id) as a person reads it: the
 * set's title in `lang` ("MNIST 5k"), the upload's name; the choice itself when the list lacks it. */
export function choiceTitle(list: DatasetList | null, choice: string, lang: Lang): string {
  const builtin = list?.builtin.find((d) => d.name === choice);
  if (builtin) return (lang === "ja" && builtin.title_ja) || builtin.title;
  return list?.uploads.find((u) => String(u.id) === choice)?.name ?? choice;
}

/** The signed-in user's uploads' names (empty until read, or when they cannot be). */
export function useUploadNames(): UploadNames {
  const [names, setNames] = useState<UploadNames>(new Map());
  useEffect(() => {
    let live = true;
    datasetsApi.list().then(
      (list) => live && setNames(new Map(list.uploads.map((u) => [u.id, u.name]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return names;
}
