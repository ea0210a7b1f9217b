/** Students' jobs' curves in one chart (`#/class/compare/<id>,<id>,…`, picked in the class
 * table): the loss, and the accuracy where a job has one, of every job overlaid on the training
 * views' `Chart`, each line named by student and job; read from `GET /api/class/jobs/{id}`,
 * polled while one of them is under way. A job that cannot be read says why, the others show. */
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ClassJob, classApi } from "../api/classroom";
import { usePolled } from "../hooks/usePolled";
import { Chart, swatchFill } from "../training/Chart";
import { epochsFromRows } from "../training/curves";
import { LogToggle } from "../training/LogToggle";
import { metricName } from "../training/metricNames";
import { jobColour, type OverlaidJob, overlay } from "./overlay";

const UNDER_WAY = new Set(["queued", "running", "paused"]);
const REFRESH_MS = 3000;
const LOSS = ["train_loss", "val_loss"];
const ACCURACY = ["train_accuracy", "val_accuracy"];
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

interface Read {
  id: number;
  job: ClassJob | null;
  error: string | null;
}

const readJob = (id: number): Promise<Read> =>
  classApi.job(id).then(
    (job) => ({ id, job, error: null }),
    (e: unknown) => ({ id, job: null, error: message(e) }),
  );

function PickedJob({ read, index }: { read: Read; index: number }) {
  const { t } = useTranslation();
  const { id, job, error } = read;
  return (
    <li data-testid={`class-compare-job-${id}`}>
      {/* the job's two lines as the chart draws them: training dashed, validation solid */}
      <span
        className="class-compare-swatch"
        style={{ background: swatchFill({ color: jobColour(index), dash: true }) }}
      />
      <span
        className="class-compare-swatch"
        style={{ background: swatchFill({ color: jobColour(index) }) }}
      />
      {job ? (
        <>
          <strong>{job.owner_name}</strong> <a href={`#/class/jobs/${id}`}>#{id}</a> {job.network_name}{" "}
          <span className="muted">
            <span title={job.dataset}>{job.dataset_name ?? job.dataset}</span> ·{" "}
            {t(`training.jobs.status_${job.status}`)}
          </span>
        </>
      ) : (
        <span className="launch-error">
          {error ? t("classroom.compare.missing", { id, error }) : `#${id} …`}
        </span>
      )}
    </li>
  );
}

export function ClassCompare({ ids }: { ids: number[] }) {
  const { t } = useTranslation();
  const wanted = ids.join(",");
  const load = useCallback(() => Promise.all(wanted.split(",").map((id) => readJob(Number(id)))), [wanted]);
  const [every, setEvery] = useState<number | null>(null);
  const [log, setLog] = useState(false);
  const { value: reads } = usePolled(load, every);
  // asked again every few seconds while one of them trains, and once more when none does
  const underWay = (reads ?? []).some((r) => r.job !== null && UNDER_WAY.has(r.job.status));
  useEffect(() => setEvery(underWay ? REFRESH_MS : null), [underWay]);
  const jobs: OverlaidJob[] = useMemo(
    () =>
      (reads ?? []).map((r) => ({
        id: r.id,
        owner: r.job?.owner_name ?? "",
        rows: epochsFromRows(r.job?.epochs ?? []),
      })),
    [reads],
  );
  const loss = useMemo(() => overlay(jobs, LOSS, (key) => metricName(t, key)), [jobs, t]);
  const accuracy = useMemo(() => overlay(jobs, ACCURACY, (key) => metricName(t, key)), [jobs, t]);
  const epochs = Math.max(0, ...jobs.map((j) => j.rows.length));
  return (
    <div className="job-detail class-compare" data-testid="class-compare">
      <div className="job-head">
        <a href="#/class" className="back">
          ← {t("classroom.back")}
        </a>
        <h1>{t("classroom.compare.title", { count: ids.length })}</h1>
      </div>
      <p className="muted">{t("classroom.compare.intro")}</p>
      <ul className="class-compare-jobs">
        {ids.map((id, index) => (
          <PickedJob
            key={id}
            index={index}
            read={reads?.find((r) => r.id === id) ?? { id, job: null, error: null }}
          />
        ))}
      </ul>
      {reads && loss.lines.length === 0 && <p className="muted">{t("classroom.compare.noCurves")}</p>}
      {loss.lines.length > 0 && (
        <div className="curves-tools">
          <LogToggle testid="class-compare-log" log={log} onChange={setLog} />
        </div>
      )}
      {loss.lines.length > 0 && (
        <div className="curve-grid">
          <Chart
            testid="class-compare-loss"
            title={t("training.detail.loss")}
            lines={loss.lines}
            data={loss.data}
            points={epochs}
            log={log}
          />
          {accuracy.lines.length > 0 && (
            <Chart
              testid="class-compare-accuracy"
              title={t("training.detail.accuracy")}
              lines={accuracy.lines}
              data={accuracy.data}
              points={epochs}
            />
          )}
        </div>
      )}
    </div>
  );
}
