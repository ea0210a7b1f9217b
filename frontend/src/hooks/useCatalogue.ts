import { useEffect } from "react";
import { api } from "../api/client";
import { useCatalogueStore } from "../store/catalogueStore";

/** Load the layer catalogue and the list of samples once. */
export function useCatalogue(): void {
  useEffect(() => {
    const { setCatalogue, setError, setSamples } = useCatalogueStore.getState();
    api
      .layers()
      .then(setCatalogue)
      .catch((error: unknown) => setError(error instanceof Error ? error.message : String(error)));
    api.samples().then(setSamples, () => setSamples([]));
  }, []);
}
