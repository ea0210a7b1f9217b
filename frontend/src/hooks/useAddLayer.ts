import { useReactFlow, type XYPosition } from "@xyflow/react";
import { useCallback } from "react";
import { NODE_HEIGHT, NODE_WIDTH } from "../graph/layout";
import type { Params } from "../graph/types";
import { catalogPorts } from "../store/catalogueStore";
import { useGraphStore } from "../store/graphStore";
import { useSessionStore } from "../store/sessionStore";

const GAP = 56;

/**
 * Add a layer. With a position (a drop) it goes there; without one (a double-click in the
 * palette) it goes below the selected node, connected to it, and the view follows it.
 */
export function useAddLayer(): (type: string, at?: XYPosition, params?: Params) => string | null {
  const flow = useReactFlow();
  return useCallback(
    (type, at, params) => {
      if (useSessionStore.getState().viewing) return null;
      const store = useGraphStore.getState();
      if (at)
        return store.addNode(
          type,
          { x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 },
          undefined,
          params,
        );
      const selected = store.nodes.filter((n) => n.selected);
      const anchor =
        selected.at(-1) ??
        store.nodes.reduce<(typeof store.nodes)[number] | undefined>(
          (low, n) => (!low || n.position.y > low.position.y ? n : low),
          undefined,
        );
      const position = anchor
        ? { x: anchor.position.x, y: anchor.position.y + (anchor.measured?.height ?? NODE_HEIGHT) + GAP }
        : { x: 0, y: 0 };
      const canConnect =
        anchor !== undefined &&
        selected.length > 0 &&
        catalogPorts.outputs(anchor.data.type) > 0 &&
        (catalogPorts.inputs(type)?.max ?? 1) !== 0;
      const id = store.addNode(
        type,
        position,
        canConnect ? { source: anchor.id, targetHandle: "in0" } : undefined,
        params,
      );
      const { zoom } = flow.getViewport();
      void flow.setCenter(position.x + NODE_WIDTH / 2, position.y + NODE_HEIGHT / 2, { zoom });
      return id;
    },
    [flow],
  );
}
