/** A two-class job's decision threshold: a slider that recounts the confusion matrix,
 * precision, recall, F1 and accuracy of the positive class in the browser, from the
 * validation samples' probabilities (the evaluation's `binary`). The anomaly page's slider
 * moves over histogram bins; this one moves over the probability itself, so it is its own. */
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Evaluation } from "../api/jobs";
import { percentText as percent, ratioText } from "../components/percent";
import { bestF1Threshold, binaryAt, classBalance } from "./thresholdScores";

type Report = NonNullable<Evaluation["binary"]>;

export function Threshold({ report, classNames }: { report: Report; classNames: string[] }) {
  const { t } = useTranslation();
  const ratio = (key: string) => t("training.evaluation.ratio", { name: t(`training.evaluation.${key}`) });
  const [threshold, setThreshold] = useState(0.5);
  const best = useMemo(() => bestF1Threshold(report), [report]);
  const s = binaryAt(report, threshold);
  const balance = useMemo(() => classBalance(report.labels), [report]);
  const negative = classNames[0] ?? "0";
  const positive = report.positive_class;
  return (
    <div className="threshold" data-testid="threshold">
      <h3>{t("threshold.title")}</h3>
      <p className="muted">{t("threshold.explain", { positive })}</p>
      <p className="muted" data-testid="threshold-balance" data-balance={balance.dominant}>
        {t(`thresholdBalance.${balance.dominant}`, { positive, ...balance })}
      </p>
      {report.labels.length < report.total && (
        <p className="muted">{t("threshold.kept", { kept: report.labels.length, total: report.total })}</p>
      )}
      <input
        type="range"
        aria-label={t("threshold.label")}
        data-testid="threshold-slider"
        min={0.01}
        max={0.99}
        step={0.01}
        value={threshold}
        onChange={(e) => setThreshold(Number(e.target.value))}
        style={{ display: "block", width: 472 }}
      />
      <p>
        {t("threshold.label")} <strong data-testid="threshold-value">{threshold.toFixed(2)}</strong>
      </p>
      <div className="segmented">
        <button type="button" data-testid="threshold-half" onClick={() => setThreshold(0.5)}>
          {t("threshold.half")}
        </button>
        <button type="button" data-testid="threshold-best-f1" onClick={() => setThreshold(best)}>
          {t("threshold.bestF1", { value: best.toFixed(2) })}
        </button>
      </div>
      <p className="muted">{t("training.evaluation.confusion")}</p>
      <table className="cm" data-testid="threshold-matrix">
        <thead>
          <tr>
            <th />
            <th>{negative}</th>
            <th>{positive}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>{negative}</th>
            <td data-testid="threshold-tn">{s.trueNegatives}</td>
            <td data-testid="threshold-fp">{s.falsePositives}</td>
          </tr>
          <tr>
            <th>{positive}</th>
            <td data-testid="threshold-fn">{s.falseNegatives}</td>
            <td data-testid="threshold-tp">{s.truePositives}</td>
          </tr>
        </tbody>
      </table>
      <table className="data-table metrics" data-testid="threshold-scores">
        <tbody>
          <tr>
            <th>{t("training.evaluation.accuracy")}</th>
            <td data-testid="threshold-accuracy">{percent(s.accuracy)}</td>
            {/* ratios beside the accuracy's percentage: the labels say which */}
            <th>{ratio("precision")}</th>
            <td data-testid="threshold-precision">{ratioText(s.precision)}</td>
            <th>{ratio("recall")}</th>
            <td data-testid="threshold-recall">{ratioText(s.recall)}</td>
            <th>{ratio("f1")}</th>
            <td data-testid="threshold-f1">{ratioText(s.f1)}</td>
          </tr>
          <tr>
            <td colSpan={8} className="muted">
              {t("threshold.counts", {
                found: s.truePositives,
                missed: s.falseNegatives,
                false: s.falsePositives,
                positive,
              })}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
