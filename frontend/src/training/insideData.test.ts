import { describe, expect, it } from "vitest";
import type { Samples } from "../api/jobs";
import {
  camEmpty,
  gridCsv,
  headChoices,
  imageInputs,
  listedHead,
  sampleChoices,
  short,
  withInput,
} from "./insideData";

describe("inside the network: helpers", () => {
  it("offers the stored samples that have a picture, with true and predicted class", () => {
    const samples: Samples = {
      kind: "image",
      samples: [
        { index: 3, image: "data:image/png;base64,AA", label: "7", predicted: "1" },
        { index: 9, values: [1, 2] },
        { index: 12, image: "data:image/png;base64,AA" },
      ],
      reconstructions: [],
    };
    expect(sampleChoices(samples)).toEqual([
      { index: 3, text: "#3 · 7 → 1" },
      { index: 12, text: "#12" },
    ]);
    expect(sampleChoices(null)).toEqual([]);
  });

  it("writes a grid as CSV, one line a row", () => {
    expect(
      gridCsv([
        [0, 0.5],
        [1, 0.25],
      ]),
    ).toBe("row,c0,c1\n0,0,0.5\n1,1,0.25\n");
    expect(gridCsv([])).toBe("row\n");
  });

  it("shows numbers with 3 significant digits", () => {
    expect(short(0)).toBe("0");
    expect(short(5.4321)).toBe("5.43");
    expect(short(-0.012345)).toBe("-0.0123");
    expect(short(123456)).toBe("1.23e+5");
  });
});

describe("inside the network: heads", () => {
  it("offers every head, the primary first, with its node and whether it classifies", () => {
    const heads = {
      digit_loss: { head: "digit", task: "classification" },
      parity_loss: { head: "parity", task: "classification" },
      kl: { task: "none" },
    };
    expect(headChoices(heads)).toEqual([
      { loss: "digit_loss", head: "digit", classifier: true },
      { loss: "parity_loss", head: "parity", classifier: true },
      { loss: "kl", head: "kl", classifier: false },
    ]);
  });
  it("offers no select for one head or none", () => {
    expect(headChoices({ loss: { head: "fc", task: "classification" } })).toEqual([]);
    expect(headChoices(undefined)).toEqual([]);
  });
});

describe("inside the network: the sample list's head", () => {
  const heads = [
    { loss: "digit_loss", head: "digit", classifier: true },
    { loss: "parity_loss", head: "parity", classifier: true },
  ];
  it("names the primary head when another head is followed", () => {
    expect(listedHead(heads, "parity_loss")).toBe("digit_loss");
  });
  it("names none for the primary head, or one head only", () => {
    expect(listedHead(heads, null)).toBeNull();
    expect(listedHead(heads, "digit_loss")).toBeNull();
    expect(listedHead([], "parity_loss")).toBeNull();
  });
});

describe("inside the network: the Input looked at (several Inputs)", () => {
  const nodes = [
    { id: "x", type: "Input", params: { shape: [1, 8, 8], variable: "x" } },
    { id: "size", type: "Input", params: { shape: [1], variable: "x3" } },
    { id: "other", type: "Input", params: { shape: [3, 16, 16], variable: "x2" } },
    { id: "old", type: "Input", params: { shape: [1, 4, 4] } },
    { id: "conv", type: "Conv2d", params: { out_channels: 4 } },
  ];
  it("lists the image Inputs in order with the variable each reads (x when none)", () => {
    expect(imageInputs(nodes)).toEqual([
      { node: "x", variable: "x" },
      { node: "other", variable: "x2" },
      { node: "old", variable: "x" },
    ]);
  });
  it("names the Input, and for a drawing the sample the other Inputs read", () => {
    expect(withInput({ sample: 4 }, "other", 7)).toEqual({ sample: 4, input: "other" });
    expect(withInput({ image: "data:" }, "other", 7)).toEqual({ image: "data:", sample: 7, input: "other" });
    expect(withInput({ image: "data:" }, null, 7)).toEqual({ image: "data:" });
  });
});

describe("camEmpty", () => {
  it("says a Grad-CAM answer whose highest value is 0 has no heat, and one above 0 has some", () => {
    expect(camEmpty({ cam_max: 0 })).toBe(true);
    expect(camEmpty({ cam_max: 1e-9 })).toBe(false);
    expect(camEmpty({ cam_max: 0.73 })).toBe(false);
  });
});
