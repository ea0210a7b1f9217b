import { describe, expect, it } from "vitest";
import { headSections, headTargets, headTitle } from "./tryHeads";

type Answer = { name: string; heads?: Record<string, Answer> | null };

describe("try-it's heads", () => {
  const digit: Answer = { name: "digit" };
  const parity: Answer = { name: "parity" };

  it("puts every head, the primary too, under its own heading", () => {
    const answer: Answer = { name: "digit", heads: { digit, parity } };
    expect(headSections(answer)).toEqual([
      { head: "digit", answer: digit },
      { head: "parity", answer: parity },
    ]);
  });
  it("shows one head's answer alone", () => {
    expect(headSections(digit)).toEqual([{ head: null, answer: digit }]);
    const one: Answer = { name: "digit", heads: { digit } };
    expect(headSections(one)).toEqual([{ head: null, answer: one }]);
  });
  it("shows a GAN's discriminator on the drawing only", () => {
    const answer: Answer = { name: "d_real", heads: { d_real: digit, d_fake: parity } };
    expect(headSections(answer, true)).toEqual([{ head: null, answer }]);
  });
});

describe("which target each head answers", () => {
  const graph = {
    nodes: [
      { id: "x", type: "Input", params: { variable: "x" } },
      { id: "linear2", type: "Linear", params: {} },
      { id: "linear3", type: "Linear", params: {} },
      { id: "loss", type: "CrossEntropyLoss", params: { target: "label" } },
      { id: "loss2", type: "CrossEntropyLoss", params: { target: "y2", weight: 0.5 } },
    ],
    edges: [
      { source: "x", target: "linear2" },
      { source: "x", target: "linear3" },
      { source: "linear2", target: "loss" },
      { source: "linear3", target: "loss2" },
    ],
  };
  const isLoss = (type: string) => type.endsWith("Loss");

  it("names each loss's input node with the loss's target, label meaning y", () => {
    expect(headTargets(graph, isLoss)).toEqual({ linear2: "y", linear3: "y2" });
  });
  it("titles a head with its target when known", () => {
    const targets = headTargets(graph, isLoss);
    expect(headTitle("linear3", targets)).toBe("linear3 · y2");
    expect(headTitle("other", targets)).toBe("other");
  });
});
