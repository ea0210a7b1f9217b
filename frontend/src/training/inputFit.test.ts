import { describe, expect, it } from "vitest";
import { misfits, variablesOf } from "./inputFit";

const pairs = variablesOf([1, 8, 8], { x2: [1, 8, 8] });
const x = { id: "x", variable: "x", shape: [1, 8, 8] };

describe("misfits", () => {
  it("compares every Input with the variable it reads, naming the Input", () => {
    expect(misfits([x, { id: "second", variable: "x2", shape: [1, 8, 8] }], pairs)).toEqual([]);
    const wrong = { id: "second", variable: "x2", shape: [64] };
    expect(misfits([x, wrong], pairs)).toEqual([{ ...wrong, sample: [1, 8, 8] }]);
  });
  it("an Input of x2 alone is compared with x2, not x", () => {
    const upload = variablesOf([2], { x2: [1] });
    expect(misfits([{ id: "size", variable: "x2", shape: [1] }], upload)).toEqual([]);
    expect(misfits([{ id: "size", variable: "x2", shape: [2] }], upload)).toHaveLength(1);
  });
  it("says when the dataset lacks an Input's variable", () => {
    const digits = variablesOf([1, 8, 8], undefined);
    const second = { id: "second", variable: "x2", shape: [1, 8, 8] };
    expect(misfits([x, second], digits)).toEqual([{ ...second, sample: null }]);
  });
  it("checks nothing when the dataset's shape is not known", () => {
    expect(variablesOf(undefined, { x2: [1] })).toBeNull();
    expect(misfits([{ ...x, shape: [3] }], null)).toEqual([]);
  });
});
