/** What a chart's legend calls an epoch metric: "Training loss" for `train_loss`, "Validation MAE"
 * for `val_mae`, in the UI's language. Only what is drawn is named so: the rows, the CSV export and
 * the downloads keep the keys. */
import type { TFunction } from "i18next";

const PHASE = "phase:";

/** `key`'s name: a known metric's (`curveNames.<key>`), else the key itself; a head's key
 * (`val_loss/<loss node>`) and a phase's (`train_loss/phase:<name>`) name their head or phase. */
export function metricName(t: TFunction, key: string): string {
  const cut = key.indexOf("/");
  const metric = cut < 0 ? key : key.slice(0, cut);
  const part = cut < 0 ? "" : key.slice(cut + 1);
  const name = t(`curveNames.${metric}`, { defaultValue: metric });
  if (!part) return name;
  return part.startsWith(PHASE)
    ? t("curveNames.ofPhase", { name, phase: part.slice(PHASE.length) })
    : t("curveNames.ofHead", { name, head: part });
}
