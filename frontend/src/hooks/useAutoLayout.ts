import { useReactFlow } from "@xyflow/react";
import { useCallback } from "react";
import { layoutPositions } from "../graph/layout";
import { useGraphStore } from "../store/graphStore";

/** Lay the graph out top to bottom with elkjs (one undo step), then fit the view. */
export function useAutoLayout(): () => Promise<void> {
  const flow = useReactFlow();
  return useCallback(async () => {
    const { nodes, edges, setPositions } = useGraphStore.getState();
    if (nodes.length === 0) return;
    setPositions(await layoutPositions(nodes, edges));
    requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1, duration: 200 }));
  }, [flow]);
}
