/** The revisions of the open network: view one read-only, or restore it as the newest. */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { RevisionSummary } from "../api/models";
import { restoreRevision, viewRevision } from "../store/document";
import { notify, useSessionStore } from "../store/sessionStore";

export function Revisions({ networkId }: { networkId: number }) {
  const { t, i18n } = useTranslation();
  const version = useSessionStore((s) => s.listsVersion);
  const viewing = useSessionStore((s) => s.viewing?.number);
  const [revisions, setRevisions] = useState<RevisionSummary[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when the list may have
  useEffect(() => {
    api.revisions(networkId).then(setRevisions, () => setRevisions([]));
  }, [networkId, version]);
  const fail = (error: unknown) => notify("error", error instanceof Error ? error.message : String(error));
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "medium" });

  return (
    <div className="revisions" data-testid="revisions">
      <h3 className="panel-subtitle">{t("revisions")}</h3>
      {revisions.map((r) => (
        <div
          key={r.number}
          className={`list-item revision${viewing === r.number ? " active" : ""}`}
          data-testid={`revision-${r.number}`}
        >
          <button
            type="button"
            className="list-item-name"
            onClick={() => void viewRevision(r.number).catch(fail)}
            title={t("view")}
          >
            #{r.number} <span className="revision-time">{when.format(new Date(r.created_at))}</span>
          </button>
          <button
            type="button"
            className="small"
            data-testid={`restore-${r.number}`}
            onClick={() => void restoreRevision(r.number).catch(fail)}
          >
            {t("restore")}
          </button>
        </div>
      ))}
    </div>
  );
}
