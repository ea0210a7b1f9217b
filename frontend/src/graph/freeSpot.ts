/**
 * Where pasted layers go: the nearest spot, down or right of where they were copied, at which
 * they cover no node of the canvas (with a gap), as React Flow editors paste; so a paste never
 * lands on the original or on other nodes, and several pastes lie side by side, not stacked.
 */
import type { XYPosition } from "@xyflow/react";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A node's size before React Flow has measured it (a layer card is about this big). */
export const UNMEASURED = { width: 180, height: 64 };
const GAP = 20;
const STEP = 20;
const REACH = 1200;

/** A node's box on the canvas: its measured size, else `UNMEASURED`. */
export function boxOf(node: {
  position: XYPosition;
  measured?: { width?: number; height?: number };
  width?: number;
  height?: number;
}): Box {
  return {
    x: node.position.x,
    y: node.position.y,
    width: node.measured?.width ?? node.width ?? UNMEASURED.width,
    height: node.measured?.height ?? node.height ?? UNMEASURED.height,
  };
}

const overlaps = (a: Box, b: Box, dx: number, dy: number) =>
  a.x + dx < b.x + b.width + GAP &&
  b.x < a.x + dx + a.width + GAP &&
  a.y + dy < b.y + b.height + GAP &&
  b.y < a.y + dy + a.height + GAP;

let candidates: XYPosition[] | null = null;

/** Offsets down and right on a grid, nearest first (down before right at equal distance). */
function offsets(): XYPosition[] {
  if (candidates) return candidates;
  const all: XYPosition[] = [];
  for (let x = 0; x <= REACH; x += STEP) for (let y = 0; y <= REACH; y += STEP) all.push({ x, y });
  candidates = all.sort((a, b) => a.x * a.x + a.y * a.y - (b.x * b.x + b.y * b.y) || a.x - b.x);
  return candidates;
}

/** The offset to move the pasted boxes by so that they overlap none of `others`; when the
 * whole reach is taken, past the right edge of everything. */
export function freeOffset(pasted: readonly Box[], others: readonly Box[]): XYPosition {
  if (pasted.length === 0) return { x: 0, y: 0 };
  const found = offsets().find(({ x, y }) => !pasted.some((p) => others.some((o) => overlaps(p, o, x, y))));
  if (found) return found;
  const right = Math.max(...others.map((o) => o.x + o.width));
  const left = Math.min(...pasted.map((p) => p.x));
  return { x: right + GAP - left, y: 0 };
}
