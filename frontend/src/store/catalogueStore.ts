/** Reference data from the server: the layer catalogue (looked up by type) and the samples. */
import { create } from "zustand";
import type { SampleInfo } from "../api/models";
import type { Catalogue, LayerInfo } from "../api/types";
import type { LayerPorts } from "../graph/rules";
import type { PortInfo } from "../graph/types";
import { unitPorts } from "../graph/units";
import { useGraphStore } from "./graphStore";

interface CatalogueState {
  catalogue: Catalogue | null;
  byType: Map<string, LayerInfo>;
  error: string | null;
  /** The sample networks; null until their list has been fetched. */
  samples: SampleInfo[] | null;
  setCatalogue(catalogue: Catalogue): void;
  setSamples(samples: SampleInfo[]): void;
  setError(error: string): void;
}

export const useCatalogueStore = create<CatalogueState>()((set) => ({
  catalogue: null,
  byType: new Map(),
  error: null,
  samples: null,
  setSamples: (samples) => set({ samples }),
  setCatalogue: (catalogue) =>
    set({ catalogue, byType: new Map(catalogue.layers.map((l) => [l.type, l])), error: null }),
  setError: (error) => set({ error }),
}));

const layer = (type: string) => useCatalogueStore.getState().byType.get(type);

/** Whether `type` is an input layer: the catalogue's `role`, not its name. */
export const isInputType = (type: string, types = useCatalogueStore.getState().byType): boolean =>
  types.get(type)?.role === "input";

/** An input node's per-sample shape: its own `shape`, else the catalogue's default. */
export function inputShape(
  node: { type: string; params?: Record<string, unknown> },
  types = useCatalogueStore.getState().byType,
): unknown {
  return node.params?.shape ?? types.get(node.type)?.defaults.shape;
}

/** Port facts for conversion and connection rules, read from the loaded catalogue. */
export const catalogPorts: PortInfo & LayerPorts & { category(type: string): string } = {
  category: (type) => layer(type)?.category ?? "unknown",
  maxInputs: (type) => {
    const info = layer(type);
    return info ? info.inputs.max : 1;
  },
  inputs: (type, params) => {
    // A use takes exactly its unit's inputs (when the unit is known and has any).
    const ports = type === "Unit" ? unitPorts(useGraphStore.getState().units, params) : 0;
    return ports > 0 ? { min: ports, max: ports } : layer(type)?.inputs;
  },
  outputs: (type) => layer(type)?.outputs ?? 1,
};

/** Resolves once the catalogue has loaded (or failed to): graphs need it to number their ports. */
export function whenCatalogueSettled(): Promise<void> {
  const settled = (s: CatalogueState) => s.catalogue !== null || s.error !== null;
  if (settled(useCatalogueStore.getState())) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = useCatalogueStore.subscribe((s) => {
      if (settled(s)) {
        stop();
        resolve();
      }
    });
  });
}
