/** Links to a finished job's artifacts, with how to use the model outside NetCanvas. */
import { useTranslation } from "react-i18next";
import { ARTIFACTS, artifactUrl } from "../api/jobs";

export function Downloads({ jobId }: { jobId: number }) {
  const { t } = useTranslation();
  return (
    <section className="downloads" data-testid="downloads">
      <h2>{t("training.downloads.title")}</h2>
      <ul>
        {ARTIFACTS.map((name) => (
          <li key={name}>
            <a href={artifactUrl(jobId, name)} download data-testid={`download-${name}`}>
              {name}
            </a>
          </li>
        ))}
      </ul>
      <p className="muted">{t("training.downloads.notePy")}</p>
      <p className="muted">{t("training.downloads.noteOnnx")}</p>
    </section>
  );
}
