import { describe, expect, it } from "vitest";
import { type Box, freeOffset } from "./freeSpot";

const box = (x: number, y: number, width = 180, height = 64): Box => ({ x, y, width, height });
const meets = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const moved = (b: Box, o: { x: number; y: number }) => ({ ...b, x: b.x + o.x, y: b.y + o.y });

describe("freeOffset", () => {
  it("puts a copy beside its original, not on it", () => {
    const original = box(0, 0);
    const offset = freeOffset([original], [original]);
    expect(meets(moved(original, offset), original)).toBe(false);
    expect(Math.hypot(offset.x, offset.y)).toBeLessThan(120);
  });

  it("pastes in place where the copied node was cut", () => {
    expect(freeOffset([box(0, 0)], [box(0, 300)])).toEqual({ x: 0, y: 0 });
  });

  it("goes right of a vertical chain, whose gaps are too small", () => {
    const chain = [box(0, 0), box(0, 100), box(0, 200), box(0, 300)];
    const offset = freeOffset([chain[1] as Box], chain);
    expect(offset.x).toBeGreaterThanOrEqual(180);
    for (const node of chain) expect(meets(moved(chain[1] as Box, offset), node)).toBe(false);
  });

  it("lays several pastes side by side, none on another", () => {
    const original = box(0, 0);
    const canvas = [original];
    for (let i = 0; i < 5; i += 1) {
      const spot = moved(original, freeOffset([original], canvas));
      for (const node of canvas) expect(meets(spot, node)).toBe(false);
      canvas.push(spot);
    }
  });

  it("moves a group as one, clear of every node", () => {
    const group = [box(0, 0), box(0, 100)];
    const others = [...group, box(240, 0), box(240, 100)];
    const offset = freeOffset(group, others);
    for (const g of group) for (const o of others) expect(meets(moved(g, offset), o)).toBe(false);
  });
});
