/**
 * The network canvas's nodes as the phases read them (id, type, `shared_as`), rebuilt only when
 * one of those changes: a drag moves positions on every frame and must not redraw the phase
 * editor or recompute a network view.
 */
import { useMemo } from "react";
import type { LayerNode } from "../graph/types";
import { useGraphStore } from "../store/graphStore";

const SEP = "\u0001";

function keyOf(nodes: readonly LayerNode[]): string {
  return nodes
    .map((n) => {
      const shared = n.data.params?.shared_as;
      return `${n.id}${SEP}${n.data.type}${SEP}${typeof shared === "string" ? shared : ""}`;
    })
    .join("\n");
}

export function useNodeBrief(): LayerNode[] {
  const key = useGraphStore((s) => keyOf(s.tab === null ? s.nodes : (s.network?.nodes ?? [])));
  return useMemo(
    () =>
      (key ? key.split("\n") : []).map((line): LayerNode => {
        const [id = "", type = "", shared = ""] = line.split(SEP);
        const data = shared ? { type, params: { shared_as: shared } } : { type };
        return { id, type: "layer", position: { x: 0, y: 0 }, data };
      }),
    [key],
  );
}
