/** Several heads (issue 15): a select over each loss's report. The primary head (the first
 * loss) shows the full evaluation; another head shows its own accuracy and confusion matrix
 * (or regression errors), since the stored predictions and samples are the primary's. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Evaluation as EvaluationData, Samples } from "../api/jobs";
import { percentText } from "../components/percent";
import { ConfusionTable } from "./ConfusionTable";
import { DiscriminatorReport } from "./Discriminator";
import { isDiscriminatorOnly } from "./discriminator";
import { Evaluation } from "./Evaluation";

const fixed = (v: number | undefined, digits = 3) => (v === undefined ? "–" : v.toFixed(digits));

interface Props {
  jobId: number;
  evaluation: EvaluationData;
  samples: Samples | null;
  /** The epoch whose weights were evaluated, when it can be told. */
  epoch?: number | null;
  /** The job's final metrics (`Evaluation`'s). */
  summary?: Record<string, unknown> | null;
}

/** What a head's report adds to an evaluation (worker/heads.py). */
type HeadReport = EvaluationData & { target?: string; weight?: number; head?: string; loss?: number };

function OtherHead({ loss, report }: { loss: string; report: HeadReport }) {
  const { t } = useTranslation();
  return (
    <section className="evaluation" data-testid="head-evaluation" data-head={loss} data-task={report.task}>
      <h2>
        {t("heads.title", { loss })}
        {report.task === "classification" &&
          ` — ${t("training.evaluation.accuracy")} ${percentText(report.accuracy)}`}
      </h2>
      <p className="muted">{t("heads.otherNote")}</p>
      {report.task === "none" ? ( // a loss with no target (the VAE's KL): its value only
        <p data-testid="head-loss">{t("generated.lossOnly", { value: fixed(report.loss, 4) })}</p>
      ) : report.task === "classification" ? (
        <>
          <h3>{t("training.evaluation.confusion")}</h3>
          <ConfusionTable
            names={report.class_names ?? []}
            matrix={report.confusion_matrix ?? []}
            testId="head-confusion"
          />
        </>
      ) : (
        <p>
          {t("training.evaluation.mse")} {fixed(report.mse ?? report.reconstruction_mse, 5)}
          {report.mae !== undefined && ` · ${t("training.evaluation.mae")} ${fixed(report.mae, 5)}`}
        </p>
      )}
    </section>
  );
}

export function HeadsEvaluation({ jobId, evaluation, samples, epoch, summary }: Props) {
  const { t } = useTranslation();
  const heads = Object.entries((evaluation.heads ?? {}) as Record<string, HeadReport>);
  const [chosen, setChosen] = useState(heads[0]?.[0] ?? "");
  if (isDiscriminatorOnly(evaluation)) return <DiscriminatorReport evaluation={evaluation} />;
  if (heads.length < 2)
    return (
      <Evaluation jobId={jobId} evaluation={evaluation} samples={samples} epoch={epoch} summary={summary} />
    );
  const report = heads.find(([loss]) => loss === chosen)?.[1];
  return (
    <div className="heads" data-testid="heads">
      <label className="heads-select">
        {t("heads.pick")}{" "}
        <select data-testid="head-select" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          {heads.map(([loss, r], i) => (
            <option key={loss} value={loss}>
              {t(i === 0 ? "heads.primaryOption" : "heads.option", {
                loss,
                head: r.head ?? "",
                target: r.target ?? "",
                weight: r.weight ?? 1,
              })}
            </option>
          ))}
        </select>
      </label>
      {chosen === heads[0]?.[0] || !report ? (
        <Evaluation jobId={jobId} evaluation={evaluation} samples={samples} epoch={epoch} summary={summary} />
      ) : (
        <OtherHead loss={chosen} report={report} />
      )}
    </div>
  );
}
