import "@xyflow/react/dist/style.css";
import "./styles.css";
import "./i18n";
import { ReactFlowProvider } from "@xyflow/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import type { Graph } from "./api/models";
import { Gate } from "./auth/Gate";
import { useCatalogueStore } from "./store/catalogueStore";
import { currentGraph, emptyGraph, loadGraph } from "./store/document";
import { hasUnsavedWork } from "./store/documentHistory";
import { useGraphStore } from "./store/graphStore";

declare global {
  interface Window {
    /** For tests and debugging: the open graph as `netcanvas/graph@1`. */
    netcanvas: {
      graph(): Graph;
      history(): { undo: number; redo: number };
      /** Whether New, a sample, Open or Import would ask before discarding the document. */
      dirty(): boolean;
    };
  }
}

// Published once the layer catalogue and the samples have arrived: a test (or a person
// debugging) that waits for `window.netcanvas` finds the palette and sample list filled.
const publish = (): boolean => {
  const { catalogue, error, samples } = useCatalogueStore.getState();
  if ((catalogue === null && error === null) || samples === null) return false;
  window.netcanvas = {
    graph: () => currentGraph(),
    history: () => {
      const { pastStates, futureStates } = useGraphStore.temporal.getState();
      return { undo: pastStates.length, redo: futureStates.length };
    },
    dirty: hasUnsavedWork,
  };
  return true;
};
if (!publish()) {
  const stop = useCatalogueStore.subscribe(() => publish() && stop());
}

if (!/^#\/networks\/\d+$/.test(window.location.hash)) void loadGraph(emptyGraph(""), { networkId: null });

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <ReactFlowProvider>
      <Gate>
        <App />
      </Gate>
    </ReactFlowProvider>
  </StrictMode>,
);
