import { describe, expect, it } from "vitest";
import { headSections } from "./tryHeads";

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
