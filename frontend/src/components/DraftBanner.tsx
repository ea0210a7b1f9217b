/** Shown when the editor opens with a draft a previous page left: restore it, or discard it. */
import { useTranslation } from "react-i18next";
import { useLang } from "../hooks/useLang";
import { useReplaceDocument } from "../hooks/useReplaceDocument";
import { loadGraph } from "../store/document";
import { clearDraft, type DraftOffer, useDraftStore } from "../store/draft";
import { notify, useSessionStore } from "../store/sessionStore";

async function restoreDraft({ draft, missing }: DraftOffer): Promise<void> {
  const networkId = missing ? null : draft.networkId;
  await loadGraph(draft.graph, {
    networkId,
    projectId: draft.projectId,
    revision: networkId === null ? null : draft.revision,
    preset: draft.preset ?? null,
  });
  // Against the state it was unsaved from, so the restored canvas shows as unsaved.
  if (networkId !== null) useSessionStore.getState().set({ savedKey: draft.savedKey });
}

export function DraftBanner() {
  const { t } = useTranslation();
  const lang = useLang();
  const replace = useReplaceDocument();
  const offer = useDraftStore((s) => s.offer);
  if (!offer) return null;
  const { draft, savedSince, missing } = offer;
  const close = () => useDraftStore.setState({ offer: null });
  const restore = async () => {
    try {
      if (await replace(() => restoreDraft(offer))) close();
    } catch (error) {
      notify("error", error instanceof Error ? error.message : String(error));
    }
  };
  const discard = () => {
    clearDraft();
    close();
  };
  return (
    <div className="banner" data-testid="draft-banner">
      <span>
        {t("draftFound", {
          name: draft.graph.name?.trim() || t("untitled"),
          time: new Date(draft.at).toLocaleString(lang),
        })}
        {savedSince !== null && ` ${t("draftSavedSince", { revision: savedSince })}`}
        {missing && ` ${t("draftNetworkGone")}`}
      </span>
      <button
        type="button"
        className="small primary"
        data-testid="draft-restore"
        onClick={() => void restore()}
      >
        {t("restore")}
      </button>
      <button type="button" className="small" data-testid="draft-discard" onClick={discard}>
        {t("discard")}
      </button>
    </div>
  );
}
