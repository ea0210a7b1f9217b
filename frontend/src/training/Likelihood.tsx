/** A classifier's likelihood graph as NNC draws it, and the reliability diagram with the
 * expected calibration error: how far its probabilities can be trusted. The validation split's
 * (or training split's) by default, the test split's at the switch when the job has one. */
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Evaluation } from "../api/jobs";
import { download } from "../components/download";
import { percentText as percent } from "../components/percent";
import { Chart } from "./Chart";
import { type Calibration, calibrationCsv, overconfidentShare, tallest, thresholdLines } from "./likelihood";

const WIDTH = 520;
const HEIGHT = 230;
const PAD = 28;
const SIDE = 240;
const RIGHT_COLOUR = "#16a34a";
const WRONG_COLOUR = "#dc2626";
// The gap between accuracy and likelihood: opaque, so it stays red over a bar (not purple).
const GAP_COLOUR = "#fca5a5";
const ACCURACY_COLOUR = "#4f46e5";
const WELL_CALIBRATED = 0.02; // an ECE this small is within a bin's rounding

/** Stacked bars per likelihood bin: right answers below, wrong above, counts over each bar. */
function LikelihoodBars({ report, axis, label }: { report: Calibration; axis: string; label: string }) {
  const top = tallest(report);
  const slot = (WIDTH - 2 * PAD) / report.bins.length;
  const height = (count: number) => (count / top) * (HEIGHT - 2.5 * PAD);
  const base = HEIGHT - PAD;
  return (
    <svg
      className="likelihood-bars"
      data-testid="likelihood-bars"
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label={label}
    >
      <line x1={PAD} y1={base} x2={WIDTH - PAD} y2={base} stroke="#cfd4dc" />
      {report.bins.map((b, k) => {
        const x = PAD + k * slot + 2;
        const right = height(b.right);
        const wrong = height(b.wrong);
        return (
          <g key={b.lo} data-testid={`likelihood-bin-${k}`} data-right={b.right} data-wrong={b.wrong}>
            <rect x={x} y={base - right} width={slot - 4} height={right} fill={RIGHT_COLOUR} />
            <rect x={x} y={base - right - wrong} width={slot - 4} height={wrong} fill={WRONG_COLOUR} />
            {b.right + b.wrong > 0 && (
              <text x={x + (slot - 4) / 2} y={base - right - wrong - 4} fontSize="11" textAnchor="middle">
                <tspan fill={RIGHT_COLOUR}>{b.right}</tspan>
                <tspan fill="#6b7280"> / </tspan>
                <tspan fill={WRONG_COLOUR}>{b.wrong}</tspan>
              </text>
            )}
            <text x={PAD + k * slot} y={base + 13} fontSize="10" fill="#6b7280" textAnchor="middle">
              {b.lo.toFixed(1)}
            </text>
          </g>
        );
      })}
      <text x={WIDTH - PAD} y={base + 13} fontSize="10" fill="#6b7280" textAnchor="middle">
        1.0
      </text>
      <text x={WIDTH / 2} y={HEIGHT - 2} fontSize="11" fill="#6b7280" textAnchor="middle">
        {axis}
      </text>
    </svg>
  );
}

/** Per-bin accuracy as bars against the diagonal (perfect calibration); the hatched gap runs
 * from each bar to its bin's mean likelihood, so a gap above a bar is overconfidence. */
function Reliability({ report, axis, label }: { report: Calibration; axis: string; label: string }) {
  const x = (v: number) => PAD + v * SIDE;
  const y = (v: number) => PAD / 2 + (1 - v) * SIDE;
  return (
    <svg
      className="reliability"
      data-testid="reliability-diagram"
      width={SIDE + 2 * PAD}
      height={SIDE + 2 * PAD}
      role="img"
      aria-label={label}
    >
      <rect x={x(0)} y={y(1)} width={SIDE} height={SIDE} fill="none" stroke="#cfd4dc" />
      {report.bins.map((b) =>
        b.accuracy === null || b.confidence === null ? null : (
          <g key={b.lo}>
            <rect
              x={x(b.lo) + 1}
              y={y(b.accuracy)}
              width={SIDE / 10 - 2}
              height={y(0) - y(b.accuracy)}
              fill={ACCURACY_COLOUR}
              opacity={0.8}
            />
            <rect
              x={x(b.lo) + 1}
              y={y(Math.max(b.accuracy, b.confidence))}
              width={SIDE / 10 - 2}
              height={Math.abs(y(b.accuracy) - y(b.confidence))}
              fill={GAP_COLOUR}
              stroke={WRONG_COLOUR}
            />
            <circle cx={x(b.confidence)} cy={y(b.confidence)} r={2.5} fill="#111827" />
          </g>
        ),
      )}
      <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="#6b7280" strokeDasharray="5 4" />
      {[0, 0.5, 1].map((v) => (
        <g key={v} fontSize="10" fill="#6b7280">
          <text x={x(v)} y={y(0) + 13} textAnchor="middle">
            {v}
          </text>
          <text x={x(0) - 4} y={y(v) + 3} textAnchor="end">
            {v}
          </text>
        </g>
      ))}
      <text x={x(0.5)} y={SIDE + 2 * PAD - 2} fontSize="11" fill="#6b7280" textAnchor="middle">
        {axis}
      </text>
    </svg>
  );
}

function BinTable({ report }: { report: Calibration }) {
  const { t } = useTranslation();
  return (
    <table className="data-table" data-testid="likelihood-table">
      <thead>
        <tr>
          <th>{t("likelihood.bin")}</th>
          <th>{t("likelihood.right")}</th>
          <th>{t("likelihood.wrong")}</th>
          <th>{t("likelihood.accuracy")}</th>
          <th>{t("likelihood.confidence")}</th>
          <th>{t("likelihood.answeredAbove")}</th>
        </tr>
      </thead>
      <tbody>
        {report.bins.map((b, k) => (
          <tr key={b.lo}>
            <td>
              {b.lo.toFixed(1)}–{b.hi.toFixed(1)}
            </td>
            <td>{b.right}</td>
            <td>{b.wrong}</td>
            <td>{percent(b.accuracy)}</td>
            <td>{percent(b.confidence)}</td>
            <td>
              {percent(report.thresholds[k]?.accuracy ?? null)} /{" "}
              {percent(report.thresholds[k]?.coverage ?? null)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Verdict({ report }: { report: Calibration }) {
  const { t } = useTranslation();
  if (report.ece < WELL_CALIBRATED)
    return <p data-testid="likelihood-verdict">{t("likelihood.calibrated")}</p>;
  const over = overconfidentShare(report) >= 0.5;
  return (
    <p data-testid="likelihood-verdict">
      {over ? t("likelihood.overconfident") : t("likelihood.underconfident")}
    </p>
  );
}

export function Likelihood({ evaluation, jobId }: { evaluation: Evaluation; jobId: number }) {
  const { t } = useTranslation();
  const [split, setSplit] = useState<"evaluated" | "test">("evaluated");
  const test = evaluation.test?.calibration;
  const report: Calibration | undefined = split === "test" && test ? test : evaluation.calibration;
  const lines = useMemo(
    () => [
      { label: t("likelihood.accuracy"), color: ACCURACY_COLOUR },
      { label: t("likelihood.coverage"), color: "#9ca3af" },
    ],
    [t],
  );
  const data = useMemo(() => (report ? thresholdLines(report) : []), [report]);
  if (!report) return null;
  const evaluated = evaluation.split === "training" ? t("likelihood.training") : t("likelihood.validation");
  const name = `job${jobId}-likelihood-${split === "test" ? "test" : (evaluation.split ?? "validation")}`;
  return (
    <section className="likelihood" data-testid="likelihood" data-split={split}>
      <h3>{t("likelihood.title")}</h3>
      <p className="muted">{t("likelihood.explain")}</p>
      {test && (
        <div className="segmented" data-testid="likelihood-split">
          <button
            type="button"
            className={split === "evaluated" ? "active" : ""}
            data-testid="likelihood-split-evaluated"
            onClick={() => setSplit("evaluated")}
          >
            {evaluated}
          </button>
          <button
            type="button"
            className={split === "test" ? "active" : ""}
            data-testid="likelihood-split-test"
            onClick={() => setSplit("test")}
          >
            {t("likelihood.test")}
          </button>
        </div>
      )}
      <p className="muted">
        {t("likelihood.samples", {
          count: report.total,
          split: split === "test" ? t("likelihood.test") : evaluated,
        })}{" "}
        {t(`likelihood.source.${report.source}`, { defaultValue: report.source })}
      </p>
      <p className="legend">
        <span style={{ color: RIGHT_COLOUR }}>■</span> {t("likelihood.right")}{" "}
        <span style={{ color: WRONG_COLOUR }}>■</span> {t("likelihood.wrong")}
      </p>
      <div className="evaluation-grid">
        <LikelihoodBars report={report} axis={t("likelihood.axis")} label={t("likelihood.title")} />
        <div style={{ width: WIDTH }}>
          <Chart
            testid="likelihood-thresholds"
            title={t("likelihood.thresholdTitle")}
            xLabel={t("likelihood.thresholdAxis")}
            lines={lines}
            data={data}
            points={report.thresholds.length}
            yRange={[0, 100]}
          />
        </div>
      </div>
      <h3>
        {t("likelihood.reliability")} — <span data-testid="likelihood-ece">ECE {report.ece.toFixed(3)}</span>
      </h3>
      <p className="muted">{t("likelihood.reliabilityExplain")}</p>
      <div className="evaluation-grid">
        <Reliability report={report} axis={t("likelihood.confidence")} label={t("likelihood.reliability")} />
        <BinTable report={report} />
      </div>
      <Verdict report={report} />
      <p className="downloads-inline">
        <button
          type="button"
          data-testid="likelihood-csv"
          onClick={() => download(`${name}.csv`, calibrationCsv(report), "text/csv")}
        >
          CSV
        </button>{" "}
        <button
          type="button"
          data-testid="likelihood-json"
          onClick={() => download(`${name}.json`, `${JSON.stringify(report, null, 2)}\n`, "application/json")}
        >
          JSON
        </button>
      </p>
    </section>
  );
}
