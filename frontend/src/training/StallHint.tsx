/** A short hint for a classifier that ended no better than chance: what a student can try next
 * (`stallHint.ts` decides; never shown for a run that learned). */
import { useTranslation } from "react-i18next";
import type { Evaluation } from "../api/jobs";
import { percentText } from "../components/percent";
import type { EpochRow } from "./curves";
import { stall } from "./stallHint";

interface Props {
  rows: readonly EpochRow[];
  evaluation: Evaluation | null;
  classes: number;
}

export function StallHint({ rows, evaluation, classes }: Props) {
  const { t } = useTranslation();
  const facts = stall(rows, evaluation, classes);
  if (!facts) return null;
  const { split, accuracy, chance, flatLoss } = facts;
  return (
    <section
      className="lesson-note"
      data-testid="stall-hint"
      data-accuracy={accuracy}
      data-chance={chance}
      data-flat-loss={flatLoss !== null}
    >
      <h3>{t("stallHint.title")}</h3>
      <p>
        {t(split === "validation" ? "stallHint.validation" : "stallHint.training", {
          accuracy: percentText(accuracy),
          chance: percentText(chance),
        })}
        {flatLoss &&
          `${t("sentenceGap")}${t("stallHint.flatLoss", { first: flatLoss.first.toPrecision(3), last: flatLoss.last.toPrecision(3) })}`}
      </p>
      <p>{t("stallHint.tryThis")}</p>
    </section>
  );
}
