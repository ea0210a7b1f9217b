/**
 * A layer node's box: every node is the same size (the stylesheet's `.layer-node`), its
 * input ports spread along the top edge and its output centred on the bottom one. React
 * Flow is given this geometry with each node (`width`, `height`, `handles`), so it draws a
 * node and its edges at once instead of measuring every node of a large graph first; it
 * still measures what it mounts, and finds the same numbers.
 */
import { Position } from "@xyflow/react";
import { inHandle, SOURCE_HANDLE } from "./types";

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 76;
const PORT = 10; // a port's square (the stylesheet's `.react-flow__handle`)

export interface PortBox {
  id: string;
  type: "source" | "target";
  position: Position;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where input port `i` of `count` sits along the top edge, as a fraction of the width. */
export function inputAt(i: number, count: number): number {
  return (i + 1) / (count + 1);
}

/** The ports of a node with `inputs` input ports and `outputs` (0 or 1) outputs, relative to
 * the node's top-left corner, as React Flow measures them (each port centred on its edge). */
export function portBoxes(inputs: number, outputs: number): PortBox[] {
  const boxes: PortBox[] = [];
  for (let i = 0; i < inputs; i += 1) {
    const x = NODE_WIDTH * inputAt(i, inputs) - PORT / 2;
    boxes.push({
      id: inHandle(i),
      type: "target",
      position: Position.Top,
      x,
      y: -PORT / 2,
      width: PORT,
      height: PORT,
    });
  }
  if (outputs > 0) {
    const x = NODE_WIDTH / 2 - PORT / 2;
    const y = NODE_HEIGHT - PORT / 2;
    boxes.push({
      id: SOURCE_HANDLE,
      type: "source",
      position: Position.Bottom,
      x,
      y,
      width: PORT,
      height: PORT,
    });
  }
  return boxes;
}

/** The box around every node at `positions` (each node's top-left corner): what fitting the
 * view to the graph fits, known without measuring a node. Null for no nodes. */
export function graphBounds(
  positions: readonly { x: number; y: number }[],
): { x: number; y: number; width: number; height: number } | null {
  if (positions.length === 0) return null;
  let left = Number.POSITIVE_INFINITY;
  let top = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (const { x, y } of positions) {
    left = Math.min(left, x);
    top = Math.min(top, y);
    right = Math.max(right, x + NODE_WIDTH);
    bottom = Math.max(bottom, y + NODE_HEIGHT);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The box around all of `boxes`: what fitting the view to the nodes and their preview cards
 * (`hooks/useFitView.ts`) fits. Null for none. */
export function unionBox(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}
