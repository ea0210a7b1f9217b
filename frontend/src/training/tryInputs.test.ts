import { describe, expect, it } from "vitest";
import { type InputFacts, tryBody, tryKind, variableText, withColumns } from "./tryInputs";

const image = { node: "x", variable: "x", shape: [1, 8, 8] };
const size = { node: "size", variable: "x2", shape: [2] };

describe("tryKind", () => {
  it("draws an image Input, types one of 64 numbers at most, leaves the rest to the API", () => {
    expect(tryKind(image)).toBe("image");
    expect(tryKind(size)).toBe("numbers");
    expect(tryKind({ ...size, shape: [65] })).toBeNull();
    expect(tryKind({ ...size, shape: [10, 3] })).toBeNull(); // a sequence
  });
});

describe("tryBody", () => {
  it("gives each Input's value by its variable: images drawn, numbers typed", () => {
    const body = tryBody([image, size], { x: "data:image/png;base64,AA" }, { x2: ["1.5", "-2"] });
    expect(body).toEqual({ images: { x: "data:image/png;base64,AA" }, inputs: { x2: [1.5, -2] } });
  });
  it("numbers start at 0: two Inputs of numbers are ready at once", () => {
    const x = { node: "x", variable: "x", shape: [3] };
    expect(tryBody([x, size], {}, {})).toEqual({ inputs: { x: [0, 0, 0], x2: [0, 0] } });
  });
  it("is not ready without every drawing, or with a field that is no number", () => {
    expect(tryBody([image, size], {}, {})).toBeNull();
    expect(tryBody([image, size], { x: "data:," }, { x2: ["", "1"] })).toBeNull();
  });
});

describe("the Inputs' column names", () => {
  it("names a number Input's columns when the dataset knows them and they fit", () => {
    const found = withColumns([{ node: "input1", variable: "x", shape: [2] }, size, image], {
      x: ["a", "b"],
      x2: ["c", "d", "e"],
    });
    const [first, second, drawn] = found as [InputFacts, InputFacts, InputFacts];
    expect(variableText(first)).toBe("x: a, b");
    expect(first.columns).toEqual(["a", "b"]);
    expect(variableText(second)).toBe("x2"); // three names for two fields: not shown
    expect(variableText(drawn)).toBe("x");
  });
});
