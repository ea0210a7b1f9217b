/**
 * Ask for the layer previews again shortly after every edit while they are on: debounced
 * (`DEBOUNCE_MS`), and an edit cancels the request still on its way, so the newest graph wins.
 * Positions are left out of the graph, so moving a node asks nothing.
 */
import { useEffect } from "react";
import type { Graph } from "../api/models";
import { currentGraph, keyOf } from "../store/document";
import { useGraphStore } from "../store/graphStore";
import { previewLayers } from "./api";
import { useLayerPreviewStore } from "./store";

const DEBOUNCE_MS = 300;

export function useLayerPreview(dataset: string | number | null): void {
  const on = useLayerPreviewStore((s) => s.on);
  const job = useLayerPreviewStore((s) => s.job);
  useEffect(() => {
    const store = useLayerPreviewStore.getState();
    if (!on || dataset === null) {
      store.set({ answer: null, pending: false, error: null });
      return;
    }
    let lastKey = "";
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight: AbortController | undefined;
    const send = (graph: Graph) => {
      const controller = new AbortController();
      inFlight = controller;
      previewLayers({ graph, dataset, job }, controller.signal)
        .then((answer) => {
          if (!controller.signal.aborted) store.set({ answer, pending: false, error: null });
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          store.set({
            answer: null,
            pending: false,
            error: error instanceof Error ? error.message : String(error),
          });
        });
    };
    let seen: { data: unknown[]; ids: string[]; edges: unknown; meta: unknown } | null = null;
    /** Whether anything but positions, sizes or selection changed (a drag asks nothing). */
    const changed = () => {
      const { nodes, edges, meta } = useGraphStore.getState();
      const last = seen;
      if (
        last &&
        last.edges === edges &&
        last.meta === meta &&
        last.data.length === nodes.length &&
        nodes.every((n, i) => last.data[i] === n.data && last.ids[i] === n.id)
      ) {
        return false;
      }
      seen = { data: nodes.map((n) => n.data), ids: nodes.map((n) => n.id), edges, meta };
      return true;
    };
    const check = () => {
      if (!changed()) return;
      const graph = currentGraph({ positions: false });
      const key = keyOf(graph);
      if (key === lastKey) return;
      lastKey = key;
      clearTimeout(timer);
      inFlight?.abort();
      store.set({ pending: true });
      timer = setTimeout(() => send(graph), DEBOUNCE_MS);
    };
    store.set({ answer: null, error: null });
    check();
    const unsubscribe = useGraphStore.subscribe(check);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      inFlight?.abort();
    };
  }, [on, job, dataset]);
}
