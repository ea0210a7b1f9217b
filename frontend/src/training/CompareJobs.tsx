/** Two jobs side by side (`#/compare/<a>/<b>`): each one's network, dataset, accuracy (a
 * classifier's precision, recall and F1 too, as ratios like the job page's), latest
 * decision boundary (the perceptron and the MLP on XOR) and weights and gradients per layer
 * (a deep Sigmoid network and the same with ReLU). The job list picks the two
 * (`useComparePick`, `ComparePick`, `CompareButton`). */

import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Job, jobsApi } from "../api/jobs";
import { percentText as percent, ratioText } from "../components/percent";
import { useConfigSchema } from "../hooks/useConfigSchema";
import { useLang } from "../hooks/useLang";
import { type BoundaryData, isTwoD } from "./boundary";
import { settingsThatDiffer, valueText } from "./compareSettings";
import { BoundaryFigure } from "./DecisionBoundary";
import { datasetLabel } from "./datasetLabel";
import { Gradients } from "./Gradients";
import { type EpochLayers, layersFromRows } from "./gradients";
import { settingTitle } from "./launchForm";
import { go } from "./route";
import { summaryScores } from "./summaryScores";

interface Side {
  job: Job | null;
  name: string;
  boundary: BoundaryData | null;
  /** Each epoch's per-layer weight and gradient norms (a deep Sigmoid net beside a ReLU one). */
  layers: EpochLayers[];
  read: boolean;
}

const EMPTY: Side = { job: null, name: "", boundary: null, layers: [], read: false };

function useSide(id: number): Side {
  const [side, setSide] = useState<Side>(EMPTY);
  const lang = useLang(); // the job's answer names its dataset in it: read again on a change
  // biome-ignore lint/correctness/useExhaustiveDependencies: another job starts empty
  useEffect(() => setSide(EMPTY), [id]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read again in a new language
  useEffect(() => {
    let live = true;
    void jobsApi
      .get(id)
      .catch(() => null)
      .then(async (job) => {
        // Only a classifier of 2-D inputs has a boundary to ask for, once the server keeps one.
        const boundary =
          job && isTwoD(job) && job.has_boundary ? await jobsApi.boundary(id).catch(() => null) : null;
        const layers = layersFromRows(await jobsApi.epochs(id).catch(() => []));
        if (live) setSide({ job, name: job?.network_name ?? "", boundary, layers, read: true });
      });
    return () => {
      live = false;
    };
  }, [id, lang]);
  return side;
}

/** The training settings that differ between the two jobs (which optimizer each used). */
function SettingsDiff({ a, b }: { a: Side; b: Side }) {
  const { t } = useTranslation();
  const lang = useLang();
  const schema = useConfigSchema();
  if (!a.job || !b.job) return null;
  const rows = settingsThatDiffer(a.job.config, b.job.config);
  if (!rows.length) {
    return (
      <p className="muted" data-testid="compare-settings-same">
        {t("compare.sameSettings")}
      </p>
    );
  }
  const title = (name: string) => settingTitle(schema, name, lang);
  const value = (name: string, text: string | null) =>
    text === null ? <span className="muted">{t("compare.unused")}</span> : valueText(t, schema, name, text);
  return (
    <table className="compare-settings" data-testid="compare-settings">
      <caption>{t("compare.settingsTitle")}</caption>
      <thead>
        <tr>
          <th className="compare-settings-cell" />
          <th className="compare-settings-cell">#{a.job.id}</th>
          <th className="compare-settings-cell">#{b.job.id}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name} data-testid={`compare-setting-${row.name}`}>
            <th scope="row" className="compare-settings-cell">
              {title(row.name)}
            </th>
            <td className="compare-settings-cell">{value(row.name, row.a)}</td>
            <td className="compare-settings-cell">{value(row.name, row.b)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Why the training accuracy and the boundary's share of points in their region differ: each is
 * of other weights, measured at another time; the epochs where the summary's `kept_epoch` says. */
function FiguresNote({
  id,
  summary,
  boundary,
}: {
  id: number;
  summary: Record<string, number | undefined>;
  boundary: BoundaryData | null;
}) {
  const { t } = useTranslation();
  if (summary.train_accuracy === undefined && summary.val_accuracy === undefined) return null;
  const kept = summary.kept_epoch;
  return (
    <p className="muted" data-testid={`compare-${id}-figures`} data-kept-epoch={kept ?? ""}>
      {kept === undefined ? t("figuresNote.unknown") : t("figuresNote.kept", { epoch: kept })}
      {boundary && `${t("sentenceGap")}${t("figuresNote.boundary", { epoch: boundary.epoch })}`}
    </p>
  );
}

function JobSide({ id, side }: { id: number; side: Side }) {
  const { t } = useTranslation();
  const { job, name, boundary, layers, read } = side;
  const summary = (job?.summary ?? {}) as Record<string, number | undefined>;
  const scores = summaryScores(job?.summary);
  // Ratios beside the accuracies' percentages: each label says so, as the job page's tables do.
  const ratio = (key: string) => t("training.evaluation.ratio", { name: t(key) });
  return (
    <div className="compare-side" data-testid={`compare-${id}`} style={{ flex: "1 1 420px" }}>
      <h2>
        <a href={`#/jobs/${id}`}>#{id}</a> {name}{" "}
        <span className="muted" title={job?.dataset}>
          {job ? datasetLabel(job, t("training.jobs.upload")) : ""}
        </span>
      </h2>
      <p>
        {t("compare.trainAccuracy")}:{" "}
        <strong data-testid={`compare-${id}-train`}>{percent(summary.train_accuracy)}</strong>
        {" · "}
        {t("compare.valAccuracy")}:{" "}
        <strong data-testid={`compare-${id}-val`}>{percent(summary.val_accuracy)}</strong>
      </p>
      <FiguresNote id={id} summary={summary} boundary={boundary} />
      {scores && (
        <p data-testid={`compare-${id}-scores`} title={t("compare.scoresHelp")}>
          {ratio("compare.precision")}: <strong>{ratioText(scores.precision)}</strong>
          {" · "}
          {ratio("compare.recall")}:{" "}
          <strong data-testid={`compare-${id}-recall`}>{ratioText(scores.recall)}</strong>
          {" · "}
          {ratio("compare.f1")}: <strong>{ratioText(scores.f1)}</strong>
        </p>
      )}
      {boundary && <BoundaryFigure jobId={id} data={boundary} compact />}
      {read && !boundary && <p className="muted">{t("boundary.none", { id })}</p>}
      <Gradients jobId={id} layers={layers} />
    </div>
  );
}

export function CompareJobs({ jobIds }: { jobIds: [number, number] }) {
  const { t } = useTranslation();
  const [a, b] = jobIds;
  const sideA = useSide(a);
  const sideB = useSide(b);
  return (
    <div className="jobs-page compare-jobs" data-testid="compare-jobs">
      <a href="#/jobs" className="back">
        ← {t("training.jobs.back")}
      </a>
      <h1>{t("compare.title", { a, b })}</h1>
      <SettingsDiff a={sideA} b={sideB} />
      <div style={{ display: "flex", gap: 24, flexWrap: "wrap" }}>
        <JobSide id={a} side={sideA} />
        <JobSide id={b} side={sideB} />
      </div>
    </div>
  );
}

export interface ComparePicked {
  picked: number[];
  toggle: (id: number) => void;
}

/** The jobs ticked for comparing: the last two ticked. */
export function useComparePick(): ComparePicked {
  const [picked, setPicked] = useState<number[]>([]);
  const toggle = useCallback(
    (id: number) =>
      setPicked((now) => (now.includes(id) ? now.filter((x) => x !== id) : [...now, id].slice(-2))),
    [],
  );
  return { picked, toggle };
}

export function ComparePick({ id, pick }: { id: number; pick: ComparePicked }) {
  const { t } = useTranslation();
  return (
    <input
      type="checkbox"
      data-testid={`compare-pick-${id}`}
      aria-label={t("compare.pickJob", { id })}
      title={t("compare.pickJob", { id })}
      checked={pick.picked.includes(id)}
      onChange={() => pick.toggle(id)}
    />
  );
}

export function CompareButton({ pick }: { pick: ComparePicked }) {
  const { t } = useTranslation();
  const [a, b] = pick.picked;
  return (
    <p className="compare-bar">
      <button
        type="button"
        data-testid="compare-open"
        disabled={a === undefined || b === undefined}
        onClick={() => go(`#/compare/${a}/${b}`)}
      >
        {t("compare.button")}
      </button>{" "}
      <span className="muted">{t("compare.hint")}</span>
    </p>
  );
}
