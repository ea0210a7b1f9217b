/** The test split's figures beside the validation's, when the job's dataset has a test set. */
import { useTranslation } from "react-i18next";
import type { Evaluation as EvaluationData } from "../api/jobs";
import { percentText, ratioText } from "../components/percent";
import { ConfusionTable } from "./ConfusionTable";
import { evaluatedLoss } from "./evaluatedLoss";

const fixed = (v: number | null | undefined, digits: number | "percent" = 3) =>
  digits === "percent" ? percentText(v) : v === undefined || v === null ? "–" : v.toFixed(digits);

type Row = {
  key: string;
  label: string;
  /** Decimals, or "percent" for a share (the accuracy, read as everywhere else). */
  digits: number | "percent";
  pick: (e: EvaluationData) => number | undefined;
};

function rows(task: string, t: (key: string, values?: Record<string, string>) => string): Row[] {
  // F1 is a ratio beside the accuracy's percentage: its label says so
  const ratio = (key: string) => t("training.evaluation.ratio", { name: t(key) });
  if (task === "classification")
    return [
      {
        key: "accuracy",
        label: t("training.evaluation.accuracy"),
        digits: "percent",
        pick: (e) => e.accuracy,
      },
      { key: "macro-f1", label: ratio("testSets.macroF1"), digits: 3, pick: (e) => e.macro_avg?.f1 },
      { key: "weighted-f1", label: ratio("testSets.weightedF1"), digits: 3, pick: (e) => e.weighted_avg?.f1 },
    ];
  if (task === "autoencoder")
    return [
      {
        key: "reconstruction",
        label: t("training.evaluation.reconstruction"),
        digits: 5,
        pick: (e) => e.reconstruction_mse,
      },
    ];
  return [
    { key: "mse", label: t("training.evaluation.mse"), digits: 5, pick: (e) => e.mse },
    { key: "mae", label: t("training.evaluation.mae"), digits: 5, pick: (e) => e.mae },
    { key: "r2", label: t("training.evaluation.r2"), digits: 4, pick: (e) => e.r2 },
  ];
}

/** Validation (or training, when the job had no validation split) and test, metric by metric;
 * the evaluated split's loss comes from the job's final metrics (`summary`). */
export function TestEvaluation({
  evaluation,
  summary,
}: {
  evaluation: EvaluationData;
  summary?: Record<string, unknown> | null;
}) {
  const { t } = useTranslation();
  const test = evaluation.test;
  if (!test) return null;
  const evaluated = evaluation.split === "training" ? t("testSets.training") : t("testSets.validation");
  return (
    <section className="test-evaluation" data-testid="test-evaluation">
      <h3>
        {t("testSets.title")}{" "}
        <span className="muted">{t("testSets.samples", { count: test.predictions_total ?? 0 })}</span>
      </h3>
      <table className="data-table metrics" data-testid="test-vs-validation">
        <thead>
          <tr>
            <th>{t("testSets.metric")}</th>
            <th>{evaluated}</th>
            <th>{t("testSets.test")}</th>
          </tr>
        </thead>
        <tbody>
          {rows(evaluation.task, t).map((row) => (
            <tr key={row.key}>
              <th>{row.label}</th>
              <td data-testid={`validation-${row.key}`}>{fixed(row.pick(evaluation), row.digits)}</td>
              <td data-testid={`test-${row.key}`}>{fixed(row.pick(test), row.digits)}</td>
            </tr>
          ))}
          <tr>
            <th>{t("testSets.loss")}</th>
            <td data-testid="validation-loss">{fixed(evaluatedLoss(evaluation.split, summary), 4)}</td>
            <td data-testid="test-loss">{fixed(test.loss, 4)}</td>
          </tr>
        </tbody>
      </table>
      {evaluation.task === "classification" && <TestDetails test={test} />}
    </section>
  );
}

/** The test split's confusion matrix and per-class scores, folded away. */
function TestDetails({ test }: { test: EvaluationData }) {
  const { t } = useTranslation();
  const names = test.class_names ?? [];
  return (
    <details className="test-details">
      <summary>{t("testSets.details")}</summary>
      <ConfusionTable names={names} matrix={test.confusion_matrix ?? []} testId="test-confusion-matrix" />
      <table className="data-table" data-testid="test-per-class">
        <thead>
          <tr>
            <th>{t("training.evaluation.class")}</th>
            <th>{t("training.evaluation.precision")}</th>
            <th>{t("training.evaluation.recall")}</th>
            <th>{t("training.evaluation.f1")}</th>
            <th>{t("training.evaluation.support")}</th>
          </tr>
        </thead>
        <tbody>
          {(test.per_class ?? []).map((row) => (
            <tr key={row.class}>
              <th>{row.class}</th>
              <td>{ratioText(row.precision)}</td>
              <td>{ratioText(row.recall)}</td>
              <td>{ratioText(row.f1)}</td>
              <td>{row.support}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
