import { describe, expect, it } from "vitest";
import { graphBounds, NODE_HEIGHT, NODE_WIDTH, portBoxes, unionBox } from "./box";

describe("graphBounds", () => {
  it("is null for no nodes", () => {
    expect(graphBounds([])).toBeNull();
  });

  it("spans every node's box from the top-left corners", () => {
    const bounds = graphBounds([
      { x: 100, y: -20 },
      { x: -40, y: 300 },
      { x: 0, y: 0 },
    ]);
    expect(bounds).toEqual({
      x: -40,
      y: -20,
      width: 100 + NODE_WIDTH + 40,
      height: 300 + NODE_HEIGHT + 20,
    });
  });

  it("is one node's box for one node", () => {
    expect(graphBounds([{ x: 5, y: 7 }])).toEqual({ x: 5, y: 7, width: NODE_WIDTH, height: NODE_HEIGHT });
  });
});

describe("portBoxes", () => {
  it("spreads the inputs along the top and centres the output on the bottom", () => {
    const [first, second, out] = portBoxes(2, 1);
    expect(first?.y).toBe(-5);
    expect(second && first && second.x > first.x).toBe(true);
    expect(out?.type).toBe("source");
    expect(out?.x).toBe(NODE_WIDTH / 2 - 5);
    expect(out?.y).toBe(NODE_HEIGHT - 5);
  });
});

describe("unionBox", () => {
  it("is null for no boxes", () => {
    expect(unionBox([])).toBeNull();
  });

  it("spans the nodes and a card standing out to their right", () => {
    const nodes = { x: 0, y: 0, width: 400, height: 300 };
    const card = { x: 198 + 190, y: 100, width: 174, height: 60 };
    expect(unionBox([nodes, card])).toEqual({ x: 0, y: 0, width: 198 + 190 + 174, height: 300 });
  });

  it("reaches left and up as far as any box does", () => {
    expect(
      unionBox([
        { x: 10, y: 10, width: 5, height: 5 },
        { x: -20, y: -30, width: 10, height: 10 },
      ]),
    ).toEqual({ x: -20, y: -30, width: 35, height: 45 });
  });
});
