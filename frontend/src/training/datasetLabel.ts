/** How a job's dataset reads on the page: a built-in set by its name (`digits`), an upload
 * by the name its owner gave it (`temps (upload #1)`), not the key the API stores
 * (`upload:1`). */
import { useEffect, useState } from "react";
import { datasetsApi } from "../api/datasets";

/** Each upload's id and name, as `datasetsApi.list()` gives them. */
export type UploadNames = ReadonlyMap<number, string>;

export function datasetLabel(key: string, names: UploadNames, uploadWord: string): string {
  const match = /^upload:(\d+)$/.exec(key);
  if (!match) return key;
  const id = Number(match[1]);
  const name = names.get(id);
  return name ? `${name} (${uploadWord} #${id})` : `${uploadWord} #${id}`;
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
