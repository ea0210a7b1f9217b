import { describe, expect, it } from "vitest";
import {
  askStored,
  countOf,
  gridTiles,
  KEPT_JOBS,
  type KeyValues,
  keepDrawn,
  MAX_COUNT,
  recallDrawn,
  tileScale,
} from "./generatedSamples";

/** A storage in memory, with the three methods localStorage has. */
function memory(): KeyValues & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe("asking for the stored samples", () => {
  it("waits for the stream while the job runs, so no 404 comes before the first samples", () => {
    expect(askStored("running", true, 1, null)).toBe(false);
    expect(askStored("queued", true, 1, null)).toBe(false);
    expect(askStored("", true, 1, null)).toBe(false); // the job not read yet
  });
  it("asks once an ended generative job has epochs and the stream brought none", () => {
    expect(askStored("succeeded", true, 3, null)).toBe(true);
    expect(askStored("cancelled", true, 1, null)).toBe(true);
    expect(askStored("paused", true, 1, null)).toBe(true);
    expect(askStored("succeeded", true, 0, null)).toBe(false);
    expect(askStored("succeeded", false, 3, null)).toBe(false);
    expect(askStored("succeeded", true, 3, { epoch: 3 })).toBe(false);
  });
});

describe("Generate's count", () => {
  it("says when a typed count is beyond the limit and draws the limit", () => {
    expect(countOf("16")).toEqual({ count: 16, clamped: false });
    expect(countOf(String(MAX_COUNT))).toEqual({ count: MAX_COUNT, clamped: false });
    expect(countOf("100")).toEqual({ count: MAX_COUNT, clamped: true });
    expect(countOf("0")).toEqual({ count: 1, clamped: true });
    expect(countOf("")).toEqual({ count: 1, clamped: false });
  });
});

describe("grid tiles", () => {
  it("gives each image its window of the grid picture, row by row", () => {
    const tiles = gridTiles(5, 2, 8, 4); // 32 px tiles, 2 columns
    expect(tiles.map((t) => t.position)).toEqual([
      "0px 0px",
      "-32px 0px",
      "0px -32px",
      "-32px -32px",
      "0px -64px",
    ]);
  });
  it("scales 8 and 28 pixel images by a whole number to a readable size", () => {
    expect(tileScale(8)).toBe(4); // 32 px
    expect(tileScale(28)).toBe(2); // 56 px
    expect(tileScale(64)).toBe(1);
  });
});

describe("drawn images kept in the browser", () => {
  it("gives back a job's latest set after a reload", () => {
    const storage = memory();
    keepDrawn(7, ["data:a", "data:b"], storage);
    keepDrawn(7, ["data:c"], storage);
    expect(recallDrawn(7, storage)).toEqual(["data:c"]);
    expect(recallDrawn(8, storage)).toEqual([]);
  });
  it("keeps at most MAX_COUNT images and KEPT_JOBS jobs, dropping the oldest job", () => {
    const storage = memory();
    keepDrawn(
      1,
      Array.from({ length: MAX_COUNT + 10 }, (_, n) => `data:${n}`),
      storage,
    );
    expect(recallDrawn(1, storage)).toHaveLength(MAX_COUNT);
    for (let job = 2; job <= KEPT_JOBS + 1; job++) keepDrawn(job, ["data:x"], storage);
    expect(recallDrawn(1, storage)).toEqual([]);
    expect(recallDrawn(2, storage)).toEqual(["data:x"]);
    expect(storage.items.size).toBe(KEPT_JOBS + 1); // the jobs' sets and the index
  });
  it("keeps nothing, without an error, when the storage refuses", () => {
    const full: KeyValues = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => undefined,
    };
    expect(() => keepDrawn(1, ["data:a"], full)).not.toThrow();
    expect(recallDrawn(1, full)).toEqual([]);
    expect(recallDrawn(1, null)).toEqual([]);
  });
});
