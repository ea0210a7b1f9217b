/**
 * How much the canvas draws at its zoom. Far out, text is too small to read and a large
 * graph's every label and line of text would still be laid out and painted on each frame,
 * so the canvas leaves them out: edge labels below `LABEL_ZOOM`, the text in nodes below
 * `TEXT_ZOOM` (nodes keep their size, colour, ports and error marks).
 */
import { createContext, useContext } from "react";

export const LABEL_ZOOM = 0.45;
export const TEXT_ZOOM = 0.3;

/** `full`: everything; `nodes`: no edge labels; `outline`: no text at all. */
export type Detail = "full" | "nodes" | "outline";

export function detailAt(zoom: number): Detail {
  if (zoom >= LABEL_ZOOM) return "full";
  return zoom >= TEXT_ZOOM ? "nodes" : "outline";
}

/** The canvas's detail, given once by the canvas, so that no edge subscribes to the zoom. */
export const DetailContext = createContext<Detail>("full");

export function useDetail(): Detail {
  return useContext(DetailContext);
}

/** Whether layer previews are on, given once by the canvas, so that no node subscribes to it. */
export const PreviewsContext = createContext(false);

/** The node ids a network view keeps lit (null: no view, nothing dimmed), given once by the
 * canvas: a thousand nodes and edges then mount without a store subscription each for it. */
export const LitContext = createContext<ReadonlySet<string> | null>(null);

/** The node ids that carry a network view's gradient without being updated (marked, neither
 * lit nor dimmed), with the hint their box shows on hover; null outside a view or when none. */
export const GradContext = createContext<{ ids: ReadonlySet<string>; hint: string } | null>(null);
