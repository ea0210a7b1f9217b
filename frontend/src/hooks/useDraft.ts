import { useEffect } from "react";
import { api } from "../api/client";
import { currentGraph, isDirty } from "../store/document";
import { clearDraft, type Draft, readDraft, useDraftStore, writeDraft } from "../store/draft";
import { useGraphStore } from "../store/graphStore";
import { useSessionStore } from "../store/sessionStore";

const WRITE_MS = 500;

/** The open document as a draft. */
function currentDraft(): Draft {
  const { networkId, projectId, revision, savedKey, preset } = useSessionStore.getState();
  return { graph: currentGraph(), networkId, projectId, revision, savedKey, at: Date.now(), preset };
}

/** Offer the draft a previous page left, if any; look at what its network holds now. */
async function checkDraft(): Promise<void> {
  if (useDraftStore.getState().checked) return;
  const draft = readDraft();
  if (!draft) {
    useDraftStore.setState({ checked: true });
    return;
  }
  let savedSince: number | null = null;
  let missing = false;
  if (draft.networkId !== null) {
    try {
      const network = await api.network(draft.networkId);
      if (network.revision !== draft.revision) savedSince = network.revision;
    } catch {
      missing = true;
    }
  }
  useDraftStore.setState({ checked: true, offer: { draft, savedSince, missing } });
}

/**
 * Keep the unsaved document in localStorage (500 ms after the last change, and when the page
 * or the editor goes away), clear it once nothing is unsaved; on start, offer the draft a previous
 * page left. Nothing is written while that offer is open, so the draft it offers stays as it was.
 */
export function useDraft(): void {
  useEffect(() => {
    void checkDraft();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const write = () => {
      timer = undefined;
      const { checked, offer } = useDraftStore.getState();
      if (!checked || offer || useSessionStore.getState().viewing) return;
      // A sample opened and left as it came (trained, say) is not dirty: no work to keep.
      if (isDirty()) writeDraft(currentDraft());
      else clearDraft();
    };
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(write, WRITE_MS);
    };
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
    const stopSession = useSessionStore.subscribe((s, before) => {
      if (s.savedKey !== before.savedKey || s.viewing !== before.viewing) later();
    });
    const flush = () => {
      if (timer === undefined) return;
      clearTimeout(timer);
      write();
    };
    window.addEventListener("pagehide", flush);
    return () => {
      stopGraph();
      stopSession();
      flush(); // the editor goes away (the sign-in page after a 401): keep what was not written yet
      window.removeEventListener("pagehide", flush);
    };
  }, []);
}
