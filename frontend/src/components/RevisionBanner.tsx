/** Shown while a revision is on the canvas read-only: take it into the canvas, or go back. */
import { useTranslation } from "react-i18next";
import { leaveRevision } from "../store/document";
import { useSessionStore } from "../store/sessionStore";

export function RevisionBanner() {
  const { t } = useTranslation();
  const viewing = useSessionStore((s) => s.viewing);
  if (!viewing) return null;
  return (
    <div className="banner" data-testid="revision-banner">
      <span>{t("viewing", { number: viewing.number })}</span>
      <button
        type="button"
        className="small primary"
        data-testid="take-revision"
        onClick={() => void leaveRevision(true)}
      >
        {t("takeRevision")}
      </button>
      <button
        type="button"
        className="small"
        data-testid="leave-revision"
        onClick={() => void leaveRevision(false)}
      >
        {t("back")}
      </button>
    </div>
  );
}
