import { describe, expect, it } from "vitest";
import type { Prediction, PredictionPage, Samples } from "../api/jobs";
import { appendPage, cellSamples, inCell, picturesNote } from "./predictionList";

const row = (index: number, label = "a", predicted = "a"): Prediction => ({ index, label, predicted });
const page = (rows: Prediction[], total: number, offset = 0): PredictionPage => ({
  task: "classification",
  total,
  offset,
  limit: rows.length,
  rows,
  stored: total,
  evaluated: total,
});

describe("paging predictions", () => {
  it("appends pages in order and keeps the total", () => {
    const first = appendPage(null, page([row(1), row(4)], 3));
    expect(first).toEqual({ rows: [row(1), row(4)], total: 3 });
    const both = appendPage(first, page([row(4), row(9)], 3, 1));
    expect(both.rows.map((r) => r.index)).toEqual([1, 4, 9]);
    expect(both.total).toBe(3);
  });
});

describe("a cell's samples", () => {
  const predictions = [row(0, "a", "b"), row(1, "a", "a"), row(2, "b", "b")];
  it("filters the kept predictions by true and predicted class", () => {
    expect(inCell(predictions, "a", "b").map((p) => p.index)).toEqual([0]);
    expect(inCell(predictions, "a").map((p) => p.index)).toEqual([0, 1]);
    expect(inCell(predictions).length).toBe(3);
  });
  it("reads the classes the samples carry", () => {
    const samples: Samples = {
      kind: "image",
      per_cell: 12,
      reconstructions: [],
      samples: [
        { index: 0, image: "x", label: "a", predicted: "b" },
        { index: 5, image: "y", label: "a", predicted: "b" },
        { index: 6, image: "z", label: "b", predicted: "b" },
      ],
    };
    expect(cellSamples(samples, predictions, "a", "b").map((s) => s.index)).toEqual([0, 5]);
  });
  it("falls back on the kept predictions for samples without classes", () => {
    const samples: Samples = {
      kind: "image",
      reconstructions: [],
      samples: [
        { index: 0, image: "x" },
        { index: 2, image: "y" },
      ],
    };
    expect(cellSamples(samples, predictions, "b", "b").map((s) => s.index)).toEqual([2]);
    expect(cellSamples(null, predictions, "b", "b")).toEqual([]);
  });
});

describe("a cell's line about its pictures", () => {
  const kept = (per_cell?: number): Samples => ({
    kind: "image",
    per_cell,
    reconstructions: [],
    samples: [],
  });
  it("says how many first ones each cell kept, as the worker reports it", () => {
    expect(picturesNote(kept(3), 5, 40)).toEqual({
      key: "training.evaluation.picturesSome",
      params: { shown: 5, total: 40, kept: 3 },
    });
  });
  it("promises no number where cells kept none (0) or a job from before tells none", () => {
    for (const samples of [kept(0), kept(undefined), null]) {
      expect(picturesNote(samples, 5, 40)).toEqual({
        key: "training.evaluation.picturesSomeOld",
        params: { shown: 5, total: 40 },
      });
    }
  });
  it("says all when every sample has its picture", () => {
    expect(picturesNote(kept(12), 7, 7)).toEqual({
      key: "training.evaluation.picturesAll",
      params: { count: 7 },
    });
  });
});
