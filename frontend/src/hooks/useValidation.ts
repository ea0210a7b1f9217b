import i18n from "i18next";
import { useEffect } from "react";
import { api } from "../api/client";
import { useCatalogueStore } from "../store/catalogueStore";
import { currentGraph, keyOf } from "../store/document";
import { useGraphStore } from "../store/graphStore";
import { allNodes } from "../store/units";
import { useValidationStore } from "../store/validationStore";

const DEBOUNCE_MS = 150;

/** Revalidate the graph (without positions) shortly after every change that matters,
 * and when the UI language changes, so messages come in the chosen language. */
export function useValidation(): void {
  useEffect(() => {
    let lastKey = "";
    let answeredKey = "";
    // Every canvas's nodes: the answer covers the network and every unit.
    const currentData = () => allNodes(useGraphStore.getState()).map((n) => n.data);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight: AbortController | undefined;
    const store = useValidationStore.getState();

    let seen: {
      nodes: unknown[];
      data: unknown[];
      ids: string[];
      edges: unknown;
      meta: unknown;
      training: unknown;
      units: unknown;
      tab: unknown;
    } | null = null;
    /** Whether anything validation reads changed (not positions, selection or sizes). */
    const changed = () => {
      const { nodes, edges, meta, training, units, tab } = useGraphStore.getState();
      store.setTab(tab);
      const last = seen;
      if (
        last &&
        last.edges === edges &&
        last.meta === meta &&
        last.training === training &&
        last.units === units &&
        last.tab === tab &&
        last.nodes.length === nodes.length &&
        nodes.every((n, i) => last.data[i] === n.data && last.ids[i] === n.id)
      ) {
        return false;
      }
      seen = {
        nodes,
        data: nodes.map((n) => n.data),
        ids: nodes.map((n) => n.id),
        edges,
        meta,
        training,
        units,
        tab,
      };
      return true;
    };

    const check = () => {
      if (!changed()) return;
      const graph = currentGraph({ positions: false });
      const key = keyOf(graph);
      if (key === lastKey) {
        // Same graph, new objects (a reload, an undo): the answer still holds for them.
        if (key === answeredKey) store.markValidated(currentData());
        return;
      }
      lastKey = key;
      store.setPending(true);
      clearTimeout(timer);
      inFlight?.abort();
      const sent = currentData();
      timer = setTimeout(() => {
        const controller = new AbortController();
        inFlight = controller;
        api
          .validate(graph, controller.signal)
          .then((result) => {
            if (controller.signal.aborted) return;
            answeredKey = key;
            const now = keyOf(currentGraph({ positions: false }));
            store.setResult(result, now === key ? currentData() : sent);
          })
          .catch((error: unknown) => {
            if (controller.signal.aborted) return;
            store.setError(error instanceof Error ? error.message : String(error));
          });
      }, DEBOUNCE_MS);
    };

    check();
    const unsubscribeGraph = useGraphStore.subscribe(check);
    const recheck = () => {
      lastKey = "";
      answeredKey = "";
      seen = null;
      check();
    };
    const unsubscribeCatalogue = useCatalogueStore.subscribe(recheck);
    i18n.on("languageChanged", recheck);
    return () => {
      unsubscribeGraph();
      unsubscribeCatalogue();
      i18n.off("languageChanged", recheck);
      clearTimeout(timer);
      inFlight?.abort();
    };
  }, []);
}
