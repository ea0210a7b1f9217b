/** A student's job for a teacher, read-only (`#/class/jobs/<id>`): its settings, the training
 * views' curves and evaluation, fed from `GET /api/class/jobs/{id}`, polled while the job is under
 * way; a confusion cell lists its samples through the class's routes; then the network it trained
 * as launched (`/graph`, once), which its saved networks may not show. No actions. */
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ClassJob, classApi } from "../api/classroom";
import type { Samples } from "../api/jobs";
import type { Graph } from "../api/models";
import { Curves } from "../training/Curves";
import { epochsFromRows } from "../training/curves";
import { Evaluation } from "../training/Evaluation";
import { evaluatedEpoch } from "../training/evaluatedEpoch";
import { NetworkDetails } from "./ClassNetworkView";
import { useSettingsText } from "./useSettingsText";

const UNDER_WAY = new Set(["queued", "running", "paused"]);
const REFRESH_MS = 3000;
/** The network the job trained, as launched: fetched once, not at each poll. */
function TrainedNetwork({ id }: { id: number }) {
  const { t } = useTranslation();
  const [graph, setGraph] = useState<Graph | null>(null);
  useEffect(() => {
    let live = true;
    classApi.graph(id).then(
      (answer) => live && setGraph(answer.graph as Graph),
      () => live && setGraph(null),
    );
    return () => {
      live = false;
    };
  }, [id]);
  if (!graph) return null;
  return (
    <section className="class-trained" data-testid="class-job-network">
      <h2>{t("classroom.trained")}</h2>
      <p className="muted">{t("classroom.trainedHint")}</p>
      <NetworkDetails graph={graph} />
    </section>
  );
}

export function ClassJobView({ id }: { id: number }) {
  const { t } = useTranslation();
  const settingsText = useSettingsText();
  const [job, setJob] = useState<ClassJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const status = job?.status ?? "";
  useEffect(() => {
    let live = true;
    const load = () =>
      classApi.job(id).then(
        (answer) => live && setJob(answer),
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    load();
    const timer = UNDER_WAY.has(status) ? setInterval(load, REFRESH_MS) : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [id, status]);
  // The evaluated samples, once there is an evaluation: a confusion cell's pictures.
  const [samples, setSamples] = useState<Samples | null>(null);
  const evaluated = job?.evaluation != null;
  useEffect(() => {
    if (!evaluated) return;
    let live = true;
    classApi.samples(id).then(
      (answer) => live && setSamples(answer),
      () => live && setSamples(null), // none kept: the cells list their rows without pictures
    );
    return () => {
      live = false;
    };
  }, [id, evaluated]);
  const rows = useMemo(() => epochsFromRows(job?.epochs ?? []), [job?.epochs]);
  return (
    <div className="job-detail" data-testid="class-job" data-status={status}>
      <div className="job-head">
        <a href="#/class" className="back">
          ← {t("classroom.back")}
        </a>
        <h1>{job ? t("classroom.owner", { name: job.owner_name, id }) : `#${id}`}</h1>
        {job && (
          <>
            <span className={`status status-${status}`} data-testid="job-status">
              {t(`training.jobs.status_${status}`)}
            </span>
            <span className="muted" title={job.dataset}>
              {job.dataset_name ?? job.dataset}
            </span>
            {job.device && <span className="muted">{job.device}</span>}
          </>
        )}
      </div>
      <p className="muted">{t("classroom.readOnly")}</p>
      {job && settingsText(job.config) && (
        <p data-testid="class-job-settings">
          {t("classroom.jobSettings", { settings: settingsText(job.config) })}
        </p>
      )}
      {error && (
        <div className="launch-error" data-testid="class-error">
          {error}
        </div>
      )}
      {job?.reason && status !== "succeeded" && <div className="job-reason">{job.reason}</div>}
      {job && <Curves jobId={id} rows={rows} overlay={false} />}
      {job?.evaluation && (
        <Evaluation
          jobId={id}
          evaluation={job.evaluation}
          samples={samples}
          source={classApi.predictions}
          epoch={evaluatedEpoch(job, rows.at(-1)?.epoch ?? null)}
          summary={job.summary}
        />
      )}
      {job && !job.evaluation && !UNDER_WAY.has(status) && (
        <p className="muted">{t("classroom.noEvaluation")}</p>
      )}
      <TrainedNetwork id={id} />
    </div>
  );
}
