import { useEffect, useState } from "react";
import { useCatalogueStore } from "../store/catalogueStore";
import { isDirty } from "../store/document";
import { useGraphStore } from "../store/graphStore";
import { useSessionStore } from "../store/sessionStore";

const SETTLE_MS = 60;

/**
 * Whether the canvas differs from what was last saved or loaded. Serialising a large graph on
 * every frame of a drag would cost frames, so this looks again shortly after changes stop, and
 * re-renders its user only when the answer flips.
 */
export function useDirty(): boolean {
  const savedKey = useSessionStore((s) => s.savedKey);
  const viewing = useSessionStore((s) => s.viewing !== null);
  const [dirty, setDirty] = useState(isDirty);
  // biome-ignore lint/correctness/useExhaustiveDependencies: look again whenever a save moves the mark
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setDirty(isDirty()), SETTLE_MS);
    };
    setDirty(isDirty());
    const stopGraph = useGraphStore.subscribe((s, before) => {
      if (
        s.nodes !== before.nodes ||
        s.edges !== before.edges ||
        s.meta !== before.meta ||
        s.training !== before.training ||
        s.units !== before.units
      )
        later();
    });
    const stopCatalogue = useCatalogueStore.subscribe(later);
    return () => {
      stopGraph();
      stopCatalogue();
      clearTimeout(timer);
    };
  }, [savedKey]);
  return !viewing && dirty;
}
