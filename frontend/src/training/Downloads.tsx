/** Links to a finished job's artifacts, with how to use the model outside NetCanvas. */
import { useTranslation } from "react-i18next";
import { ARTIFACTS, artifactUrl, exportsPending } from "../api/jobs";
import type { ArtifactName } from "../api/models";

/** `names`: the artifacts the job has (`GET /api/jobs/{id}/artifacts`), listed in the service's order. */
export function Downloads({ jobId, names: has }: { jobId: number; names: readonly ArtifactName[] }) {
  const { t } = useTranslation();
  const names = ARTIFACTS.filter((name) => has.includes(name));
  const exporting = exportsPending(has);
  return (
    <section className="downloads" data-testid="downloads">
      <h2>{t("training.downloads.title")}</h2>
      <ul>
        {names.map((name) => (
          <li key={name}>
            <a href={artifactUrl(jobId, name)} download data-testid={`download-${name}`}>
              {name}
            </a>
          </li>
        ))}
      </ul>
      {exporting && (
        <p className="muted" data-testid="downloads-exporting">
          {t("training.downloads.exporting")}
        </p>
      )}
      <p className="muted">{t("training.downloads.notePy", { id: jobId })}</p>
      <p className="muted">{t("training.downloads.noteOnnx")}</p>
    </section>
  );
}
