/** The final evaluation: confusion matrix and per-class scores, regression errors, or reconstructions. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Evaluation as EvaluationData, PredictionSource, SampleInput, Samples } from "../api/jobs";
import { percentText, ratioText } from "../components/percent";
import { Anomaly } from "./Anomaly";
import { ForecastPeriod } from "./ForecastPeriod";
import { Likelihood } from "./Likelihood";
import { PredictionList } from "./PredictionList";
import { cellSamples, inCell, picturesNote } from "./predictionList";
import { SampleView } from "./SampleView";
import { TestEvaluation } from "./TestEvaluation";
import { Threshold } from "./Threshold";

const fixed = (v: number | undefined, digits = 3) => (v === undefined ? "–" : v.toFixed(digits));
const CELL_PAGE = 25;
const OUTPUTS_PAGE = 50;

interface Shown {
  jobId: number;
  evaluation: EvaluationData;
  samples: Samples | null;
  /** Where the paged predictions come from; the owner's job routes unless told. */
  source?: PredictionSource;
  /** The epoch whose weights were evaluated (`evaluatedEpoch`), when it can be told. */
  epoch?: number | null;
  /** The job's final metrics, for the figures the evaluation report leaves to them. */
  summary?: Record<string, unknown> | null;
}

/** Which epoch's weights the figures below are of: a best-epoch figure elsewhere (the class
 * table's) can differ from them. */
function EvaluatedWeights({ epoch }: { epoch?: number | null }) {
  const { t } = useTranslation();
  if (epoch === null || epoch === undefined) return null;
  return (
    <p className="muted" data-testid="eval-weights" title={t("evaluatedWeightsHelp")}>
      {t("evaluatedWeights", { epoch })}
    </p>
  );
}

const inputsOf = (samples: Samples | null) =>
  new Map<number, SampleInput>((samples?.samples ?? []).map((s) => [s.index, s]));

/** One cell's samples: the pictures held for it ("N of M"), then every row, page by page. */
function CellSamples({ jobId, evaluation, samples, source, cell }: Shown & { cell: [number, number] }) {
  const { t } = useTranslation();
  const names = evaluation.class_names ?? [];
  const [r, c] = cell;
  const label = names[r] ?? String(r);
  const predicted = names[c] ?? String(c);
  const count = evaluation.confusion_matrix?.[r]?.[c] ?? 0;
  const kept = evaluation.predictions ?? [];
  const pictures = cellSamples(samples, kept, label, predicted);
  const confidence = new Map(kept.map((p) => [p.index, p.top3?.[0]?.p]));
  const note = picturesNote(samples, pictures.length, count);
  return (
    <div className="cell-samples" data-testid="cell-samples" data-count={count}>
      <h4>{t("training.evaluation.cellSamples", { label, predicted, count })}</h4>
      {count === 0 && <p className="muted">{t("training.evaluation.noSamples")}</p>}
      {count > 0 && pictures.length > 0 && (
        <>
          <p className="muted" data-testid="cell-pictures-count">
            {t(note.key, note.params)}
          </p>
          <div className="sample-strip">
            {pictures.map((s) => {
              const p = confidence.get(s.index);
              return (
                <figure key={s.index} data-testid="cell-sample">
                  <SampleView sample={s} />
                  <figcaption>{p === undefined ? `#${s.index}` : `${(p * 100).toFixed(0)}%`}</figcaption>
                </figure>
              );
            })}
          </div>
        </>
      )}
      {count > 0 && (
        <PredictionList
          jobId={jobId}
          source={source}
          actual={r}
          predicted={c}
          expected={count}
          fallback={inCell(kept, label, predicted)}
          inputs={inputsOf(samples)}
          pageSize={CELL_PAGE}
          testid="cell-rows"
        />
      )}
    </div>
  );
}

function ConfusionMatrix({ jobId, evaluation, samples, source }: Shown) {
  const { t } = useTranslation();
  const [normalised, setNormalised] = useState(false);
  const [cell, setCell] = useState<[number, number] | null>(null);
  const names = evaluation.class_names ?? [];
  const matrix = evaluation.confusion_matrix ?? [];
  const max = Math.max(1, ...matrix.flat());
  const rowSums = matrix.map((row) => row.reduce((a, b) => a + b, 0));

  return (
    <div className="confusion">
      <div className="section-head">
        <h3>{t("training.evaluation.confusion")}</h3>
        <div className="segmented">
          <button type="button" className={normalised ? "" : "active"} onClick={() => setNormalised(false)}>
            {t("training.evaluation.counts")}
          </button>
          <button
            type="button"
            data-testid="cm-normalised"
            className={normalised ? "active" : ""}
            onClick={() => setNormalised(true)}
          >
            {t("training.evaluation.normalised")}
          </button>
        </div>
      </div>
      <table className="cm" data-testid="confusion-matrix">
        <thead>
          <tr>
            <th />
            {names.map((n) => (
              <th key={n}>{n}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, r) => (
            <tr key={names[r] ?? r}>
              <th>{names[r]}</th>
              {row.map((count, c) => {
                const share = rowSums[r] ? count / (rowSums[r] ?? 1) : 0;
                const level = normalised ? share : count / max;
                return (
                  <td
                    // biome-ignore lint/suspicious/noArrayIndexKey: the column is the identity
                    key={c}
                    data-testid={`cm-${r}-${c}`}
                    className={cell?.[0] === r && cell?.[1] === c ? "selected" : undefined}
                    style={{
                      background: `rgba(79, 70, 229, ${0.08 + 0.85 * level})`,
                      color: level > 0.5 ? "#fff" : undefined,
                    }}
                    onClick={() => setCell([r, c])}
                    onKeyDown={(e) => e.key === "Enter" && setCell([r, c])}
                    title={`${names[r]} → ${names[c]}`}
                  >
                    {normalised ? share.toFixed(2) : count}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {cell && (
        <CellSamples jobId={jobId} evaluation={evaluation} samples={samples} source={source} cell={cell} />
      )}
    </div>
  );
}

function PerClass({ evaluation }: { evaluation: EvaluationData }) {
  const { t } = useTranslation();
  const ratio = (key: string) => t("training.evaluation.ratio", { name: t(`training.evaluation.${key}`) });
  const avg = (label: string, row: EvaluationData["macro_avg"]) =>
    row && (
      <tr>
        <th>{label}</th>
        <td>{ratioText(row.precision)}</td>
        <td>{ratioText(row.recall)}</td>
        <td>{ratioText(row.f1)}</td>
        <td>{row.support}</td>
      </tr>
    );
  return (
    <div>
      <h3>{t("training.evaluation.perClass")}</h3>
      <table className="data-table" data-testid="per-class">
        <thead>
          <tr>
            <th>{t("training.evaluation.class")}</th>
            {/* ratios beside a percentage (the accuracy below): the headers say which */}
            <th>{ratio("precision")}</th>
            <th>{ratio("recall")}</th>
            <th>{ratio("f1")}</th>
            <th>{t("training.evaluation.support")}</th>
          </tr>
        </thead>
        <tbody>
          {(evaluation.per_class ?? []).map((row) => (
            <tr key={row.class} data-testid="per-class-row">
              <th>{row.class}</th>
              <td>{ratioText(row.precision)}</td>
              <td>{ratioText(row.recall)}</td>
              <td>{ratioText(row.f1)}</td>
              <td>{row.support}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>{t("training.evaluation.accuracy")}</th>
            <td colSpan={4} data-testid="eval-accuracy">
              {percentText(evaluation.accuracy)}
            </td>
          </tr>
          {avg(t("training.evaluation.macro"), evaluation.macro_avg)}
          {avg(t("training.evaluation.weighted"), evaluation.weighted_avg)}
        </tfoot>
      </table>
    </div>
  );
}

/** Every prediction, page by page, with the inputs held for them. */
function Outputs({ jobId, evaluation, samples, source }: Shown) {
  const { t } = useTranslation();
  const kept = evaluation.predictions ?? [];
  return (
    <details className="outputs">
      <summary>{t("training.evaluation.outputs")}</summary>
      <PredictionList
        jobId={jobId}
        source={source}
        expected={evaluation.predictions_total ?? kept.length}
        fallback={kept}
        inputs={inputsOf(samples)}
        pageSize={OUTPUTS_PAGE}
        testid="output-results"
      />
    </details>
  );
}

/** Predicted against actual (first output value), as an SVG scatter with the y = x line. */
/** Predicted (up) against actual (across), with the axes named and their ends numbered: without
 * them the plot said neither which axis was which nor the range of the values. */
export function Scatter({ points, testid }: { points: [number, number][]; testid: string }) {
  const { t } = useTranslation();
  const size = 260;
  const pad = 24;
  const values = points.flat();
  const lo = Math.min(...values, 0);
  const hi = Math.max(...values, 1);
  const scale = (v: number) => pad + ((v - lo) / (hi - lo || 1)) * (size - 2 * pad);
  const end = (v: number) => String(Number(v.toPrecision(3)));
  const xLabel = t("training.evaluation.scatterX");
  const yLabel = t("training.evaluation.scatterY");
  return (
    <svg
      className="scatter"
      data-testid={testid}
      width={size}
      height={size}
      role="img"
      aria-label={`${t("training.evaluation.scatter")}: ${xLabel} ${end(lo)}–${end(hi)}`}
    >
      <rect x={pad} y={pad} width={size - 2 * pad} height={size - 2 * pad} fill="none" stroke="#e3e6eb" />
      <g className="scatter-axes" fontSize={10} fill="#6b7280">
        <text x={pad} y={size - pad + 12} data-testid="scatter-low">
          {end(lo)}
        </text>
        <text x={size - pad} y={size - pad + 12} textAnchor="end" data-testid="scatter-high">
          {end(hi)}
        </text>
        <text x={size / 2} y={size - 6} textAnchor="middle" data-testid="scatter-x">
          {xLabel} →
        </text>
        <text
          x={10}
          y={size / 2}
          textAnchor="middle"
          transform={`rotate(-90 10 ${size / 2})`}
          data-testid="scatter-y"
        >
          {yLabel} →
        </text>
      </g>
      <line x1={scale(lo)} y1={size - scale(lo)} x2={scale(hi)} y2={size - scale(hi)} stroke="#cfd4dc" />
      {points
        .map(([actual, predicted], id) => ({ actual, predicted, id }))
        .map((p) => (
          <circle
            key={p.id}
            cx={scale(p.actual)}
            cy={size - scale(p.predicted)}
            r={2.5}
            fill="#4f46e5"
            opacity={0.7}
          />
        ))}
    </svg>
  );
}

export function Evaluation({ jobId, evaluation, samples, source, epoch, summary }: Shown) {
  const { t } = useTranslation();
  if (evaluation.task === "classification") {
    return (
      <section className="evaluation" data-testid="evaluation" data-task="classification">
        <h2>
          {t("training.evaluation.title")} — {t("training.evaluation.accuracy")}{" "}
          {percentText(evaluation.accuracy)}
        </h2>
        <EvaluatedWeights epoch={epoch} />
        <div className="evaluation-grid">
          <ConfusionMatrix jobId={jobId} evaluation={evaluation} samples={samples} source={source} />
          <PerClass evaluation={evaluation} />
        </div>
        {evaluation.binary && (
          <Threshold report={evaluation.binary} classNames={evaluation.class_names ?? []} />
        )}
        <TestEvaluation evaluation={evaluation} summary={summary} />
        <Likelihood evaluation={evaluation} jobId={jobId} />
        <Outputs jobId={jobId} evaluation={evaluation} samples={samples} source={source} />
      </section>
    );
  }
  if (evaluation.task === "autoencoder") {
    const recon = new Map((samples?.reconstructions ?? []).map((s) => [s.index, s]));
    return (
      <section className="evaluation" data-testid="evaluation" data-task="autoencoder">
        <h2>{t("training.evaluation.title")}</h2>
        <EvaluatedWeights epoch={epoch} />
        <p>
          {t("training.evaluation.reconstruction")}: {fixed(evaluation.reconstruction_mse, 5)} (p50{" "}
          {fixed(evaluation.error_quantiles?.p50, 5)}, p90 {fixed(evaluation.error_quantiles?.p90, 5)}, p99{" "}
          {fixed(evaluation.error_quantiles?.p99, 5)})
        </p>
        {evaluation.anomaly && <Anomaly report={evaluation.anomaly} />}
        <TestEvaluation evaluation={evaluation} summary={summary} />
        <h3>{t("training.evaluation.reconstructions")}</h3>
        <div className="sample-strip" data-testid="reconstructions">
          {(samples?.samples ?? [])
            .filter((s) => recon.has(s.index))
            .slice(0, 24)
            .map((s) => (
              <figure key={s.index} className="pair">
                <SampleView sample={s} />
                <SampleView sample={recon.get(s.index)} />
              </figure>
            ))}
        </div>
      </section>
    );
  }
  const points: [number, number][] = (evaluation.predictions ?? [])
    .map((p): [number, number] => [
      Number(p.target?.[0]),
      Number(Array.isArray(p.predicted) ? p.predicted[0] : NaN),
    ])
    .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  return (
    <section className="evaluation" data-testid="evaluation" data-task="regression">
      <h2>{t("training.evaluation.title")}</h2>
      <EvaluatedWeights epoch={epoch} />
      <table className="data-table metrics" data-testid="regression-metrics">
        <tbody>
          <tr>
            <th>{t("training.evaluation.mse")}</th>
            <td>{fixed(evaluation.mse, 5)}</td>
            <th>{t("training.evaluation.mae")}</th>
            <td>{fixed(evaluation.mae, 5)}</td>
            <th>{t("training.evaluation.r2")}</th>
            <td>{fixed(evaluation.r2, 4)}</td>
          </tr>
        </tbody>
      </table>
      {evaluation.series && (
        <ForecastPeriod series={evaluation.series} mae={evaluation.mae} maxError={evaluation.max_error} />
      )}
      <TestEvaluation evaluation={evaluation} summary={summary} />
      <h3>{t("training.evaluation.scatter")}</h3>
      <Scatter points={points} testid="regression-scatter" />
    </section>
  );
}
