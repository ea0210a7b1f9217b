/** A run that started from earlier or pretrained weights: the validation figure of those weights
 * before training, and after it (domain adaptation's before/after). */
import { useTranslation } from "react-i18next";
import { percentText } from "../components/percent";
import { startVsEnd } from "./startWeights";

const shown = (metric: "accuracy" | "loss", value: number) =>
  metric === "accuracy" ? percentText(value) : value.toPrecision(4);

export function StartVsEnd({ summary }: { summary: Record<string, unknown> | null | undefined }) {
  const { t } = useTranslation();
  const figures = startVsEnd(summary);
  if (!figures) return null;
  const { metric, before, after } = figures;
  return (
    <section className="start-vs-end" data-testid="start-vs-end" data-before={before} data-after={after}>
      <h3>
        {t("transfer.title")} <span className="muted">({t(`transfer.${metric}`)})</span>
      </h3>
      <p className="start-vs-end-line" data-testid="start-before">
        {t("transfer.before", { value: shown(metric, before) })}
      </p>
      <p className="start-vs-end-line" data-testid="start-after">
        {t("transfer.after", { value: shown(metric, after) })}
      </p>
    </section>
  );
}
