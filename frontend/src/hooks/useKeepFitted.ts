/**
 * A view fitted after a load stays fitted while the canvas settles its size, until the user
 * moves it. The fit is made in the store update that brings the graph (`Canvas.tsx`), at the
 * canvas's size then; a graph with units also brings the unit tabs above the canvas in that
 * render, which make it shorter and push the graph's bottom row under the minimap.
 */
import { getViewportForBounds, useReactFlow, useStore, useStoreApi, type Viewport } from "@xyflow/react";
import { type RefObject, useEffect } from "react";
import { graphBounds } from "../graph/box";
import { useGraphStore } from "../store/graphStore";
import { FIT } from "./useFitView";

/** The view a fit set, and the canvas size it was set for. */
export interface Fitted {
  width: number;
  height: number;
  viewport: Viewport;
}

const same = (a: Viewport, [x, y, zoom]: readonly [number, number, number]) =>
  Math.abs(a.x - x) < 0.5 && Math.abs(a.y - y) < 0.5 && Math.abs(a.zoom - zoom) < 1e-6;

/** Fit the graph into a canvas of `width` × `height`; the view set, or null for no graph. */
export function fitFor(width: number, height: number, minZoom: number): Viewport | null {
  const bounds = graphBounds(useGraphStore.getState().nodes.map((n) => n.position));
  if (!bounds) return null;
  return getViewportForBounds(bounds, width, height, minZoom, FIT.maxZoom, FIT.padding);
}

/** Fit again when the canvas's size changes under a fitted view the user has not moved. */
export function useKeepFitted(fitted: RefObject<Fitted | null>): void {
  const flow = useReactFlow();
  const store = useStoreApi();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  useEffect(() => {
    const fit = fitted.current;
    if (!fit || (fit.width === width && fit.height === height) || !(width > 0 && height > 0)) return;
    const { transform, minZoom } = store.getState();
    fitted.current = null;
    if (!same(fit.viewport, transform)) return; // the user moved the view: theirs now
    const viewport = fitFor(width, height, minZoom);
    if (!viewport) return;
    void flow.setViewport(viewport);
    fitted.current = { width, height, viewport };
  }, [width, height, fitted, flow, store]);
}
