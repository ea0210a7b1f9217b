import { describe, expect, it } from "vitest";
import { entries, readFailure } from "../api/datasets";
import { countRows, formatBytes, formatShape, labelText, valueTable } from "./format";

describe("readFailure", () => {
  it("lists every problem of a 422", () => {
    const body = {
      detail: {
        message: "three.zip: data/train.csv row 9: img/gone.png is not in the zip (and 2 more problems)",
        problems: [
          "three.zip: data/train.csv row 9: gone",
          "three.zip: data/train.csv row 3, img/2.png: not an image",
        ],
      },
    };
    const failure = readFailure(422, body);
    expect(failure.status).toBe(422);
    expect(failure.message).toMatch(/and 2 more problems/);
    expect(failure.problems).toEqual(body.detail.problems);
  });

  it("makes the message the one problem when none are listed", () => {
    expect(readFailure(422, { detail: { message: "not a zip" } }).problems).toEqual(["not a zip"]);
    expect(readFailure(422, { detail: "bad" }).problems).toEqual(["bad"]);
  });

  it("reads FastAPI's validation errors and plain strings", () => {
    const failure = readFailure(422, { detail: [{ loc: ["body", "file"], msg: "Field required" }] });
    expect(failure.problems).toEqual(["Field required"]);
    expect(readFailure(413, { detail: "the upload is over 512 MiB" })).toEqual({
      status: 413,
      message: "the upload is over 512 MiB",
      problems: [],
    });
    expect(readFailure(413, { detail: { message: "too big" } }).message).toBe("too big");
    expect(readFailure(500, null).message).toBe("HTTP 500");
  });
});

describe("formatting", () => {
  it("formats sizes", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(12 * 1024 * 1024)).toBe("12 MiB");
    expect(formatBytes(-1)).toBe("?");
  });

  it("formats shapes and labels", () => {
    expect(formatShape([1, 8, 8])).toBe("[1, 8, 8]");
    expect(labelText({ index: 1, name: "cat" })).toBe("cat");
    expect(labelText([0.123456, 2])).toBe("[0.1235, 2]");
    expect(labelText(3)).toBe("3");
  });

  it("cuts values into a small table", () => {
    expect(valueTable([5.1, 3.5, 1.4, 0.2])).toEqual({
      rows: [["5.1", "3.5", "1.4", "0.2"]],
      clipped: false,
    });
    const long = valueTable(
      Array.from({ length: 100 }, (_, i) => i),
      2,
      4,
    );
    expect(long.rows).toEqual([
      ["0", "1", "2", "3"],
      ["4", "5", "6", "7"],
    ]);
    expect(long.clipped).toBe(true);
    expect(
      valueTable([
        [1, 2],
        [3, 4],
      ]).rows,
    ).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("lines class counts up by class", () => {
    expect(countRows({ train: { a: 3, b: 4 }, validation: { a: 1, b: 0 } })).toEqual([
      {
        name: "a",
        splits: [
          { split: "train", count: 3 },
          { split: "validation", count: 1 },
        ],
      },
      {
        name: "b",
        splits: [
          { split: "train", count: 4 },
          { split: "validation", count: 0 },
        ],
      },
    ]);
  });
});

describe("entries", () => {
  it("puts uploads first, keyed by id, and picks the language", () => {
    const list = entries(
      {
        builtin: [
          {
            name: "iris",
            title: "Iris",
            title_ja: "アヤメ",
            description: "flowers",
            description_ja: "花",
            task: "classification",
            sample_shape: [4],
            target_shape: [],
            class_names: ["a", "b", "c"],
            samples: 150,
            download: false,
            validation: "split",
          },
        ],
        uploads: [
          {
            id: 7,
            name: "mine",
            filename: "mine.zip",
            size: 10,
            sha256: "x",
            created_at: "",
            ref: "upload:7",
            info: {
              task: "classification",
              sample_shape: [1, 8, 8],
              target_shape: [],
              class_names: ["0", "1"],
              samples: 40,
              sizes: { train: 32, validation: 8 },
            },
          },
        ],
      },
      "ja",
    );
    expect(list.map((e) => e.key)).toEqual(["7", "iris"]);
    expect(list[1]?.title).toBe("アヤメ");
    expect(list[0]?.sizes).toEqual({ train: 32, validation: 8 });
  });
});
