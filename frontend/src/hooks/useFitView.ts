/**
 * Fit the view to the graph: its nodes and the layer-preview cards that stand out beside them
 * (`layerPreview/NodePreview.tsx`, outside the node's box), so that no card runs past the
 * canvas's edge. React Flow's own fit knows only the nodes' boxes. A card's place is measured
 * against its node's element (the card moves with its node), and set at the node's place in
 * the graph store, so a fit right after the nodes moved (auto layout) needs no new drawing.
 */
import { getViewportForBounds, useReactFlow, useStoreApi } from "@xyflow/react";
import { useCallback } from "react";
import { type Box, graphBounds, unionBox } from "../graph/box";
import { useGraphStore } from "../store/graphStore";

/** How a fit frames the graph: at most at 100%, with room kept free of the minimap (bottom
 * right, 200 × 150 px at 15 px from the edges) and the zoom controls (bottom left), so that no
 * node of a freshly opened graph lies under them. */
export const FIT = {
  padding: { top: "24px", right: "24px", bottom: "180px", left: "60px" },
  maxZoom: 1,
} as const;

/** The preview cards drawn in `root`, each as its offset from its node's top-left corner and
 * its size, in the canvas's units at `zoom`. */
function cardOffsets(root: ParentNode, zoom: number): Map<string, Box[]> {
  const offsets = new Map<string, Box[]>();
  for (const card of root.querySelectorAll(".react-flow__node .node-preview")) {
    const node = card.closest<HTMLElement>(".react-flow__node");
    const id = node?.dataset.id;
    if (!node || id === undefined) continue;
    const outer = node.getBoundingClientRect();
    const inner = card.getBoundingClientRect();
    const box = {
      x: (inner.left - outer.left) / zoom,
      y: (inner.top - outer.top) / zoom,
      width: inner.width / zoom,
      height: inner.height / zoom,
    };
    offsets.set(id, [...(offsets.get(id) ?? []), box]);
  }
  return offsets;
}

/** A function fitting the view to the nodes and their shown preview cards (animated over
 * `duration` ms), at most at 100%. */
export function useFitView(): (duration?: number) => void {
  const flow = useReactFlow();
  const store = useStoreApi();
  return useCallback(
    (duration = 200) => {
      const { width, height, minZoom, domNode, transform } = store.getState();
      const nodes = useGraphStore.getState().nodes;
      const around = graphBounds(nodes.map((n) => n.position));
      if (!around || !(width > 0 && height > 0)) return;
      const offsets = domNode ? cardOffsets(domNode, transform[2]) : new Map<string, Box[]>();
      const cards = nodes.flatMap((n) =>
        (offsets.get(n.id) ?? []).map((c) => ({ ...c, x: n.position.x + c.x, y: n.position.y + c.y })),
      );
      const bounds = unionBox([around, ...cards]) ?? around;
      const viewport = getViewportForBounds(bounds, width, height, minZoom, FIT.maxZoom, FIT.padding);
      void flow.setViewport(viewport, { duration });
    },
    [flow, store],
  );
}
