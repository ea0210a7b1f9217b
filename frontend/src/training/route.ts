/** Which view the hash names: the editor (default), `#/datasets`, `#/jobs`, `#/jobs/<id>`, the
 * class (`#/class`, a student's job `#/class/jobs/<id>`, a student's network `#/class/networks/<id>`),
 * the accounts a teacher or an admin manages (`#/users`), or two jobs side by side (`#/compare/<a>/<b>`). */
import { useSyncExternalStore } from "react";

export type View =
  | { name: "editor" }
  | { name: "datasets" }
  | { name: "jobs"; jobId: number | null }
  | { name: "class"; jobId: number | null; networkId: number | null; compareIds?: number[] }
  | { name: "users" }
  | { name: "compare"; jobIds: [number, number] };

export function viewOf(hash: string): View {
  if (/^#\/datasets\/?$/.test(hash)) return { name: "datasets" };
  if (/^#\/users\/?$/.test(hash)) return { name: "users" };
  const compare = /^#\/compare\/(\d+)\/(\d+)\/?$/.exec(hash);
  if (compare) return { name: "compare", jobIds: [Number(compare[1]), Number(compare[2])] };
  const job = /^#\/jobs(?:\/(\d+))?\/?$/.exec(hash);
  if (job) return { name: "jobs", jobId: job[1] ? Number(job[1]) : null };
  const overlaid = /^#\/class\/compare\/(\d+(?:,\d+)*)\/?$/.exec(hash);
  if (overlaid) {
    const compareIds = [...new Set((overlaid[1] ?? "").split(",").map(Number))];
    return { name: "class", jobId: null, networkId: null, compareIds };
  }
  const inClass = /^#\/class(?:\/(jobs|networks)\/(\d+))?\/?$/.exec(hash);
  if (inClass) {
    const id = inClass[2] ? Number(inClass[2]) : null;
    return {
      name: "class",
      jobId: inClass[1] === "jobs" ? id : null,
      networkId: inClass[1] === "networks" ? id : null,
    };
  }
  return { name: "editor" };
}

/** Whether the hash belongs to a view other than the editor (the editor leaves it alone). */
export const isOtherView = (hash: string): boolean => viewOf(hash).name !== "editor";

const subscribe = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function useView(): View {
  return viewOf(useHash());
}

export function go(hash: string): void {
  if (window.location.hash !== hash) window.location.hash = hash;
}
