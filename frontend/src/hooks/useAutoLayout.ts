import { useCallback } from "react";
import { layoutPositions } from "../graph/layout";
import { useGraphStore } from "../store/graphStore";
import { useFitView } from "./useFitView";

/** Lay the graph out top to bottom with elkjs (one undo step), then fit the view (to the nodes
 * and their preview cards). */
export function useAutoLayout(): () => Promise<void> {
  const fitView = useFitView();
  return useCallback(async () => {
    const { nodes, edges, setPositions } = useGraphStore.getState();
    if (nodes.length === 0) return;
    setPositions(await layoutPositions(nodes, edges));
    requestAnimationFrame(() => fitView());
  }, [fitView]);
}
