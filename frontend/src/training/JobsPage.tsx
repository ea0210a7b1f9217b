/** The jobs view: the list (`#/jobs`) and one job's curves, evaluation, try-it and downloads (`#/jobs/<id>`). */

import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Evaluation as EvaluationData, type Job, jobsApi, type Samples } from "../api/jobs";
import type { ArtifactName } from "../api/models";
import { formatMoment } from "../components/moment";
import { currentLang, useLang } from "../hooks/useLang";
import { useReplaceDocument } from "../hooks/useReplaceDocument";
import { ask } from "../store/confirmStore";
import { loadGraph } from "../store/document";
import { notify } from "../store/sessionStore";
import { isTwoD } from "./boundary";
import { CompareButton, ComparePick, useComparePick } from "./CompareJobs";
import { Curves } from "./Curves";
import { formatEta, keptEpoch, type Progress } from "./curves";
import { DecisionBoundary } from "./DecisionBoundary";
import { Downloads } from "./Downloads";
import { datasetLabel } from "./datasetLabel";
import { evaluatedEpoch } from "./evaluatedEpoch";
import { nextExportsRead } from "./exportsPoll";
import { GeneratedSamples } from "./GeneratedSamples";
import { Gradients } from "./Gradients";
import { HeadsEvaluation } from "./Heads";
import { InferencePanel } from "./InferencePanel";
import { type HeadsOf, InsidePanel } from "./InsidePanel";
import { JobListStatus, JobOptimizer } from "./JobFacts";
import { LessonNote } from "./LessonNote";
import { jobNote } from "./presets";
import { type Reached, reached } from "./reached";
import { go } from "./route";
import { StallHint } from "./StallHint";
import { StartVsEnd } from "./StartVsEnd";
import { TryIt } from "./TryIt";
import { useJobNote } from "./useJobNote";
import { useJobStream } from "./useJobStream";

const ACTIVE = new Set(["queued", "running"]);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function reopen(id: number, replace: ReturnType<typeof useReplaceDocument>): Promise<void> {
  const graph = await jobsApi.graph(id);
  go("#/");
  await replace(() => loadGraph(graph, { networkId: null }));
}

async function trainAgain(job: Job): Promise<void> {
  const graph = await jobsApi.graph(job.id);
  // the same lesson, trained again
  const again = await jobsApi.create(graph, job.dataset, job.config, jobNote(job.id, job));
  go(`#/jobs/${again.id}`);
}

function ProgressText({
  progress,
  status,
  reached: got = null,
}: {
  progress: Progress | undefined;
  status: string;
  /** What an ended job reached (the jobs list): "10/10 epochs", "cancelled at 3/10". */
  reached?: Reached | null;
}) {
  const { t } = useTranslation();
  if (got) {
    return (
      <span data-testid="job-reached">
        {t(`training.jobs.${got.key}`, { epoch: got.epoch, epochs: got.epochs })}
      </span>
    );
  }
  if (!progress || progress.epoch === undefined || !ACTIVE.has(status)) return <>–</>;
  return (
    <>
      {t("training.jobs.epoch", { epoch: progress.epoch, epochs: progress.epochs })}
      {progress.step !== undefined && (
        <>, {t("training.jobs.step", { step: progress.step, steps: progress.steps })}</>
      )}
    </>
  );
}

function Actions({ job, onChange }: { job: Job; onChange: () => void }) {
  const { t } = useTranslation();
  const replace = useReplaceDocument();
  const run = (action: () => Promise<unknown>) => () =>
    void action()
      .then(onChange)
      .catch((e: unknown) => notify("error", message(e)));
  return (
    <span className="job-actions">
      {ACTIVE.has(job.status) && (
        <button type="button" data-testid={`job-pause-${job.id}`} onClick={run(() => jobsApi.pause(job.id))}>
          {t("training.jobs.pause")}
        </button>
      )}
      {job.status === "paused" && (
        <button
          type="button"
          data-testid={`job-resume-${job.id}`}
          onClick={run(() => jobsApi.resume(job.id))}
        >
          {t("training.jobs.resume")}
        </button>
      )}
      {(ACTIVE.has(job.status) || job.status === "paused") && (
        <button
          type="button"
          data-testid={`job-cancel-${job.id}`}
          onClick={run(() => jobsApi.cancel(job.id))}
        >
          {t("training.jobs.cancel")}
        </button>
      )}
      <button type="button" data-testid={`job-reopen-${job.id}`} onClick={run(() => reopen(job.id, replace))}>
        {t("training.jobs.reopen")}
      </button>
      <button type="button" data-testid={`job-again-${job.id}`} onClick={run(() => trainAgain(job))}>
        {t("training.jobs.again")}
      </button>
      {!ACTIVE.has(job.status) && (
        <button
          type="button"
          className="danger"
          data-testid={`job-delete-${job.id}`}
          onClick={run(async () => {
            const question = job.network_name
              ? t("training.jobs.confirmDeleteNamed", { id: job.id, name: job.network_name })
              : t("training.jobs.confirmDelete", { id: job.id });
            if (!(await ask(question, t("training.jobs.delete"), { destructive: true }))) return;
            await jobsApi.remove(job.id);
            if (window.location.hash === `#/jobs/${job.id}`) go("#/jobs");
          })}
        >
          {t("training.jobs.delete")}
        </button>
      )}
    </span>
  );
}

function JobList() {
  const { t } = useTranslation();
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const pick = useComparePick();
  const lang = useLang(); // the answers name each dataset in it: read again when it changes
  const refresh = useCallback(() => {
    const askedIn = lang;
    jobsApi
      .list()
      .then((list) => askedIn === currentLang() && setJobs(list))
      .catch((e: unknown) => notify("error", message(e)));
  }, [lang]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 2000);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <div className="jobs-list">
      <h1>{t("training.jobs.title")}</h1>
      {jobs !== null && jobs.length === 0 && <p className="muted">{t("training.jobs.empty")}</p>}
      {jobs !== null && jobs.length > 1 && <CompareButton pick={pick} />}
      {jobs !== null && jobs.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t("compare.pick")}</th>
              <th>{t("training.jobs.id")}</th>
              <th>{t("training.jobs.status")}</th>
              <th>{t("training.jobs.dataset")}</th>
              <th>{t("training.jobs.progress")}</th>
              <th>{t("training.jobs.eta")}</th>
              <th>{t("training.jobs.speed")}</th>
              <th>{t("training.jobs.device")}</th>
              <th>{t("training.jobs.created")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => {
              const progress = job.progress as Progress;
              return (
                <tr key={job.id} data-testid={`job-row-${job.id}`} data-status={job.status}>
                  <td>
                    <ComparePick id={job.id} pick={pick} />
                  </td>
                  <td>
                    <a href={`#/jobs/${job.id}`}>#{job.id}</a>
                    {job.network_name && <span className="muted"> {job.network_name}</span>}
                  </td>
                  <td>
                    <JobListStatus job={job} />
                  </td>
                  <td>{datasetLabel(job, t("training.jobs.upload"))}</td>
                  <td>
                    <ProgressText progress={progress} status={job.status} reached={reached(job)} />
                  </td>
                  <td>{ACTIVE.has(job.status) ? formatEta(progress.eta_s) : "–"}</td>
                  <td>
                    {ACTIVE.has(job.status) && progress.samples_per_s
                      ? Math.round(progress.samples_per_s)
                      : "–"}
                  </td>
                  <td>{job.device || "–"}</td>
                  <td>{formatMoment(job.created_at)}</td>
                  <td>
                    <Actions job={job} onChange={refresh} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** What a cancelled job without an evaluation has: nothing, or the weights it had then. */
function WhatItHas({
  artifacts,
  evaluation,
}: {
  artifacts: ArtifactName[];
  evaluation: EvaluationData | null;
}) {
  const { t } = useTranslation();
  if (evaluation) return null;
  const weights = artifacts.includes("model.safetensors");
  return (
    <p className="job-has muted" data-testid="job-has" data-weights={weights}>
      {weights ? t("training.detail.weightsOnly") : t("training.detail.nothingKept")}
    </p>
  );
}

const EXPORTS_POLL_MS = 1000;
const EXPORTS_POLLS = 180;
// The bundle's file appears a moment before its announcement, the exports' last event: at most
// this many reads more wait for it (`nextExportsRead`).
const ANNOUNCE_POLLS = 5;

function JobDetail({ id }: { id: number }) {
  const { t } = useTranslation();
  const { view, job, error, readLater } = useJobStream(id);
  const note = useJobNote(id, job);
  const fromClass = job?.note?.from_class; // a teacher's note names its publication
  const [evaluation, setEvaluation] = useState<EvaluationData | null>(null);
  const [samples, setSamples] = useState<Samples | null>(null);
  const [artifacts, setArtifacts] = useState<ArtifactName[] | null>(null); // null: not read yet
  const [evaluated, setEvaluated] = useState(false); // the evaluation was asked for and answered
  const status = String(
    view.finished?.status ?? (job?.status === "queued" && view.started ? "running" : (job?.status ?? "")),
  );
  const done = status === "succeeded" || status === "cancelled";

  useEffect(() => {
    setEvaluation(null);
    setSamples(null);
    setArtifacts(null);
    setEvaluated(false);
    if (!done) return;
    let live = true;
    jobsApi
      .evaluation(id)
      .then((e) => live && setEvaluation(e))
      .catch(() => undefined)
      .finally(() => live && setEvaluated(true));
    jobsApi
      .samples(id)
      .then((s) => live && setSamples(s))
      .catch(() => live && setSamples({ kind: "none", samples: [], reconstructions: [] }));
    // The exports (ONNX, model.py, the bundle, last) follow the end by a few seconds. Each is
    // announced after `finished`, where the websocket closed: their log lines (one written or
    // skipped) come with each read of the list, until the bundle's announcement.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const readArtifacts = (tries: number, late: number) =>
      Promise.all([jobsApi.artifacts(id), readLater()])
        .then(([names, announced]) => {
          if (!live) return;
          setArtifacts(names);
          const next = nextExportsRead(names, announced, late);
          if (next.again && tries > 0)
            timer = setTimeout(() => readArtifacts(tries - 1, next.late), EXPORTS_POLL_MS);
        })
        .catch(() => live && setArtifacts((known) => known ?? []));
    void readArtifacts(EXPORTS_POLLS, ANNOUNCE_POLLS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, done, readLater]);
  const weights = artifacts?.includes("model.safetensors") ?? false;

  const progress = view.progress ?? (job?.progress as Progress | undefined);
  const reason = String(view.finished?.reason ?? job?.reason ?? "");
  const attempt = Number(job?.progress.attempt ?? 1);
  const generative = job?.generative ?? false;
  const generated = (
    <GeneratedSamples
      jobId={id}
      live={view.generated}
      epochs={view.epochs.length}
      generative={generative}
      trained={done && weights}
      status={status}
    />
  );
  return (
    <div className="job-detail" data-testid="job-detail" data-status={status}>
      <div className="job-head">
        <a href="#/jobs" className="back">
          ← {t("training.jobs.back")}
        </a>
        <h1>
          {t("training.jobs.id")} #{id}
        </h1>
        {status && (
          <span className={`status status-${status}`} data-testid="job-status">
            {t(`training.jobs.status_${status}`)}
          </span>
        )}
        {attempt > 1 && (
          <span className="muted" data-testid="job-attempt" title={t("training.jobs.attemptHelp")}>
            {t("training.jobs.attempt", { attempt, attempts: job?.progress.attempts ?? attempt })}
          </span>
        )}
        {job && (
          <span className="muted" data-testid="job-dataset" title={job.dataset}>
            {datasetLabel(job, t("training.jobs.upload"))}
          </span>
        )}
        {job && <JobOptimizer job={job} />}
        {typeof job?.config.test_fraction === "number" && job.config.test_fraction > 0 && (
          <span className="muted" data-testid="job-test-fraction" title={t("testSets.heldOutHelp")}>
            {t("testSets.heldOut", { percent: Math.round(job.config.test_fraction * 100) })}
          </span>
        )}
        {job?.device && <span className="muted">{job.device}</span>}
        {ACTIVE.has(status) && (
          <span className="muted" data-testid="job-progress">
            <ProgressText progress={progress} status={status} /> · ETA {formatEta(progress?.eta_s)}
            {progress?.samples_per_s ? ` · ${Math.round(progress.samples_per_s)}/s` : ""}
          </span>
        )}
        <span className="toolbar-spacer" />
        {job && <Actions job={{ ...job, status: status as Job["status"] }} onChange={() => undefined} />}
      </div>
      <LessonNote
        note={note}
        testId="job-note"
        title={fromClass ? t("classroom.published.noteTitle", { title: fromClass }) : undefined}
      />
      {status === "succeeded" && <StartVsEnd summary={job?.summary} />}
      {(status === "succeeded" || status === "cancelled") &&
        (evaluation ? evaluation.task === "classification" : view.started?.task === "classification") && (
          <StallHint
            rows={view.epochs}
            evaluation={evaluation}
            classes={view.started?.classes?.length ?? evaluation?.class_names?.length ?? 0}
          />
        )}
      {error && <div className="launch-error">{error}</div>}
      {reason && status !== "succeeded" && <div className="job-reason">{reason}</div>}
      {view.logs.length > 0 && (
        <ul className="job-logs">
          {view.logs.map((line) => (
            <li key={line.id}>{line.text}</li>
          ))}
        </ul>
      )}
      {view.epochs.length === 0 && ACTIVE.has(status) && (
        <p className="muted">{t("training.detail.waiting")}</p>
      )}
      {/* a generative network (a GAN, a VAE) is read by what it draws: its samples come first */}
      {generative && generated}
      <Curves jobId={id} rows={view.epochs} steps={view.steps} kept={keptEpoch(view.logs)} />
      <DecisionBoundary
        jobId={id}
        live={view.boundary}
        epochs={view.epochs.length}
        twoD={job !== null && isTwoD(job)}
        kept={job?.has_boundary === true}
      />
      <Gradients jobId={id} layers={view.layers} />
      {evaluation && (
        <HeadsEvaluation
          jobId={id}
          evaluation={evaluation}
          samples={samples}
          summary={job?.summary}
          epoch={evaluatedEpoch(job, view.epochs.at(-1)?.epoch ?? null, keptEpoch(view.logs))}
        />
      )}
      {status === "cancelled" && artifacts && evaluated && (
        <WhatItHas artifacts={artifacts} evaluation={evaluation} />
      )}
      {done && samples && artifacts && artifacts.length > 0 && (
        <div className="job-bottom">
          {weights && evaluation?.task !== "autoencoder" && (
            <TryIt
              jobId={id}
              evaluation={evaluation}
              imageInput={samples.kind === "image"}
              dataset={job?.dataset}
            />
          )}
          <Downloads jobId={id} names={artifacts} />
        </div>
      )}
      {done && weights && <InferencePanel jobId={id} />}
      {done && weights && (
        <InsidePanel
          jobId={id}
          samples={samples}
          task={evaluation?.task}
          heads={evaluation?.heads as HeadsOf}
        />
      )}
    </div>
  );
}

export function JobsPage({ jobId }: { jobId: number | null }) {
  return (
    <div className="jobs-page" data-testid="jobs-page">
      {jobId === null ? <JobList /> : <JobDetail key={jobId} id={jobId} />}
    </div>
  );
}
