/** The logic of the generated-samples panel (GeneratedSamples.tsx), apart from React: when the
 * stored grid is asked for, the tiles of a grid laid out with gaps, and the images last drawn
 * with Generate, kept in the browser so a reload shows them. */

/** The most images Generate draws at once (the API's `GenerateRequest.count` bound). */
export const MAX_COUNT = 64;
/** How many jobs' drawn images the browser keeps (the oldest go first). */
export const KEPT_JOBS = 8;

const ACTIVE = new Set(["queued", "running"]);

/** Whether to ask for the stored grid (`GET /api/jobs/{id}/generated`): only for a generative
 * job that has ended (or is paused) after an epoch and whose stream brought none. While it
 * runs, the stream brings the samples (the stored grid may not exist yet: a 404). */
export function askStored(status: string, generative: boolean, epochs: number, live: unknown): boolean {
  return generative && epochs > 0 && live === null && status !== "" && !ACTIVE.has(status);
}

/** Generate's count as typed: a whole number from 1 to MAX_COUNT, and whether it was cut. */
export function countOf(typed: string): { count: number; clamped: boolean } {
  const value = Math.round(Number(typed));
  if (!Number.isFinite(value) || value < 1) return { count: 1, clamped: typed.trim() !== "" };
  return { count: Math.min(MAX_COUNT, value), clamped: value > MAX_COUNT };
}

export interface Tile {
  key: string;
  /** CSS background-position of the grid picture inside this tile. */
  position: string;
}

/** The tiles of a grid picture (`columns` wide, `count` images of `side` pixels each, shown
 * `scale` times larger), each a window on the one picture, so a CSS grid can put gaps between
 * them. */
export function gridTiles(count: number, columns: number, side: number, scale: number): Tile[] {
  const size = side * scale;
  return Array.from({ length: count }, (_, n) => {
    const row = Math.floor(n / columns);
    const column = n % columns;
    return { key: String(n), position: `${-column * size}px ${-row * size}px` };
  });
}

/** The scale of a tile: images of `side` pixels drawn at least 32 and at most 64 pixels wide,
 * an integer so every image pixel stays square. */
export function tileScale(side: number): number {
  const s = Math.max(side, 1);
  return Math.max(1, Math.min(Math.floor(64 / s), Math.ceil(32 / s)));
}

/** The few methods of `localStorage` the drawn images need. */
export interface KeyValues {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const INDEX = "netcanvas.drawn.jobs";
const keyOf = (jobId: number) => `netcanvas.drawn.${jobId}`;

function browserStorage(): KeyValues | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // storage refused (privacy settings)
  }
}

/** Keep job `jobId`'s latest drawn images (at most MAX_COUNT), dropping the oldest job's when
 * more than KEPT_JOBS jobs have some. Storage that refuses (full, disabled) keeps nothing. */
export function keepDrawn(jobId: number, images: string[], storage = browserStorage()): void {
  if (!storage) return;
  try {
    const jobs = (JSON.parse(storage.getItem(INDEX) ?? "[]") as number[]).filter((id) => id !== jobId);
    jobs.push(jobId);
    for (const old of jobs.splice(0, Math.max(0, jobs.length - KEPT_JOBS))) storage.removeItem(keyOf(old));
    storage.setItem(keyOf(jobId), JSON.stringify(images.slice(0, MAX_COUNT)));
    storage.setItem(INDEX, JSON.stringify(jobs));
  } catch {
    // a full or refused storage: the images are shown but not kept
  }
}

/** The images last drawn for job `jobId` in this browser (none: an empty list). */
export function recallDrawn(jobId: number, storage = browserStorage()): string[] {
  try {
    const kept: unknown = JSON.parse(storage?.getItem(keyOf(jobId)) ?? "[]");
    return Array.isArray(kept) ? kept.filter((url): url is string => typeof url === "string") : [];
  } catch {
    return [];
  }
}
