/** Links to a finished job's artifacts, with how to use the model outside NetCanvas. */
import { useTranslation } from "react-i18next";
import { ARTIFACTS, artifactUrl } from "../api/jobs";
import type { ArtifactName } from "../api/models";

/** `written`: the artifacts the job's events announced; empty when its events are gone (all). */
export function Downloads({ jobId, written }: { jobId: number; written: readonly ArtifactName[] }) {
  const { t } = useTranslation();
  const names = written.length ? ARTIFACTS.filter((name) => written.includes(name)) : ARTIFACTS;
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
      <p className="muted">{t("training.downloads.notePy")}</p>
      <p className="muted">{t("training.downloads.noteOnnx")}</p>
    </section>
  );
}
