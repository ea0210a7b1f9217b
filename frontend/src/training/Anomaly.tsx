/** An autoencoder as an anomaly detector: the reconstruction error's histogram per class, a
 * threshold the user moves, precision/recall/F1 of "anomaly" there, and the ROC curve. */
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Evaluation } from "../api/jobs";
import { ratioText } from "../components/percent";
import { type AnomalyHistogram, anomalyCounts, grouped, scoresAt } from "./anomalyScores";
import { Chart } from "./Chart";

type Report = NonNullable<Evaluation["anomaly"]>;

const WIDTH = 520;
const HEIGHT = 180;
const PAD = 24;
const GROUP = 4;
const NORMAL_COLOUR = "#4f46e5";
const ANOMALY_COLOUR = "#dc2626";

/** Both histograms overlaid, bins evenly spaced (the edges are evenly spaced on a log scale),
 * bar heights on a square-root scale so a few anomalies still show beside many normals. The
 * worker's fine bins are shown `GROUP` to a bar; the threshold line moves bin by bin. */
function Histogram({ report, index, axis }: { report: AnomalyHistogram; index: number; axis: string }) {
  const fine = anomalyCounts(report).length;
  const normal = grouped(report.counts[report.normal_class] ?? [], GROUP);
  const anomalies = grouped(anomalyCounts(report), GROUP);
  const top = Math.sqrt(Math.max(1, ...normal, ...anomalies));
  const binWidth = (WIDTH - 2 * PAD) / Math.max(fine, 1);
  const x = (k: number) => PAD + k * binWidth;
  const height = (count: number) => (Math.sqrt(count) / top) * (HEIGHT - 2 * PAD);
  const bars = (row: number[], colour: string, name: string) =>
    row.map((count, g) =>
      count > 0 ? (
        <rect
          // biome-ignore lint/suspicious/noArrayIndexKey: the bar's place is the identity
          key={`${name}-${g}`}
          x={x(g * GROUP)}
          y={HEIGHT - PAD - height(count)}
          width={Math.max(binWidth * GROUP - 1, 1)}
          height={height(count)}
          fill={colour}
          opacity={0.55}
        />
      ) : null,
    );
  const edges = report.bin_edges;
  return (
    <svg
      className="anomaly-histogram"
      data-testid="anomaly-histogram"
      data-bins={fine}
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label="histogram"
    >
      <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} stroke="#cfd4dc" />
      {bars(normal, NORMAL_COLOUR, "normal")}
      {bars(anomalies, ANOMALY_COLOUR, "anomaly")}
      <line
        x1={x(index)}
        y1={PAD / 2}
        x2={x(index)}
        y2={HEIGHT - PAD}
        stroke="#111827"
        strokeDasharray="4 3"
      />
      <text x={PAD} y={HEIGHT - 6} fontSize="11" fill="#6b7280">
        {(edges[0] ?? 0).toExponential(1)}
      </text>
      <text x={WIDTH / 2} y={HEIGHT - 6} fontSize="11" fill="#6b7280" textAnchor="middle">
        {axis}
      </text>
      <text x={WIDTH - PAD} y={HEIGHT - 6} fontSize="11" fill="#6b7280" textAnchor="end">
        {(edges[edges.length - 1] ?? 0).toExponential(1)}
      </text>
    </svg>
  );
}

function Roc({ report }: { report: Report }) {
  const { t } = useTranslation();
  const lines = useMemo(
    () => [
      { label: t("anomaly.roc"), color: NORMAL_COLOUR },
      { label: t("anomaly.chance"), color: "#9ca3af", dash: true, thin: true },
    ],
    [t],
  );
  const data = useMemo(() => [report.roc.fpr, report.roc.tpr, report.roc.fpr], [report]);
  return (
    <Chart
      testid="anomaly-roc"
      title={`${t("anomaly.roc")} — AUC ${report.auc.toFixed(3)}`}
      xLabel={t("anomaly.fpr")}
      lines={lines}
      data={data}
      points={report.roc.fpr.length}
    />
  );
}

export function Anomaly({ report }: { report: Report }) {
  const { t } = useTranslation();
  const [index, setIndex] = useState(report.threshold_index);
  const scores = scoresAt(report, index);
  const last = report.bin_edges.length - 1;
  return (
    <div className="anomaly" data-testid="anomaly">
      <h3>{t("anomaly.title")}</h3>
      <p className="muted">{t("anomaly.explain")}</p>
      <p className="legend">
        <span style={{ color: NORMAL_COLOUR }}>■</span> {t("anomaly.normal")}{" "}
        <span style={{ color: ANOMALY_COLOUR }}>■</span> {t("anomaly.anomalies")}
      </p>
      <Histogram report={report} index={index} axis={t("anomaly.axis")} />
      <input
        type="range"
        aria-label={t("anomaly.threshold")}
        data-testid="anomaly-threshold"
        min={0}
        max={last}
        step={1}
        value={index}
        onChange={(e) => setIndex(Number(e.target.value))}
        style={{ display: "block", width: WIDTH - 2 * PAD, margin: `0 0 0.5rem ${PAD}px` }}
      />
      <p>
        {t("anomaly.threshold")}{" "}
        <strong data-testid="anomaly-threshold-value">{scores.threshold.toPrecision(3)}</strong>
      </p>
      <div className="segmented">
        <button type="button" data-testid="anomaly-p99" onClick={() => setIndex(report.threshold_index)}>
          {t("anomaly.p99")}
        </button>
        <button type="button" data-testid="anomaly-best-f1" onClick={() => setIndex(report.best_f1_index)}>
          {t("anomaly.bestF1")}
        </button>
      </div>
      <table className="data-table metrics" data-testid="anomaly-scores">
        <tbody>
          <tr>
            <th>{t("training.evaluation.precision")}</th>
            <td data-testid="anomaly-precision">{ratioText(scores.precision)}</td>
            <th>{t("training.evaluation.recall")}</th>
            <td data-testid="anomaly-recall">{ratioText(scores.recall)}</td>
            <th>{t("training.evaluation.f1")}</th>
            <td data-testid="anomaly-f1">{ratioText(scores.f1)}</td>
          </tr>
          <tr>
            <td colSpan={6} className="muted">
              {t("anomaly.flagged", {
                found: scores.truePositives,
                missed: scores.falseNegatives,
                false: scores.falsePositives,
              })}
            </td>
          </tr>
        </tbody>
      </table>
      <p data-testid="anomaly-auc">AUC {report.auc.toFixed(3)}</p>
      <Roc report={report} />
    </div>
  );
}
