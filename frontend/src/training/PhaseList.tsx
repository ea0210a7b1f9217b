/** The launch panel's list of training phases (several networks trained together, a GAN):
 * each phase's losses, the nodes its optimizer updates and that optimizer's settings. */
import { useTranslation } from "react-i18next";
import type { Graph } from "../api/models";
import { useGraphStore } from "../store/graphStore";

type Phase = NonNullable<NonNullable<Graph["training"]>["phases"]>[number];

// One empty list: a selector that made a new one each time would re-render without end.
const NO_PHASES: Phase[] = [];

/** A phase's optimizer overrides as one line ("adam, lr 0.0005, beta1 0.5"); "" for none. */
export function optimizerText(phase: Phase): string {
  const { optimizer, ...rest } = phase.optimizer ?? {};
  const parts = Object.entries(rest)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${key} ${value}`);
  return [optimizer ?? "", ...parts].filter(Boolean).join(", ");
}

export function PhaseList() {
  const { t } = useTranslation();
  const phases = useGraphStore((s) => s.meta.training?.phases ?? NO_PHASES);
  if (phases.length === 0) return null;
  return (
    <section className="launch-phases" data-testid="launch-phases">
      <h3>{t("phases.title")}</h3>
      <p className="hint">{t("phases.hint")}</p>
      <ol>
        {phases.map((phase) => (
          <li key={phase.name} data-testid={`launch-phase-${phase.name}`}>
            <strong>{phase.name}</strong>
            <div>{t("phases.losses", { losses: phase.losses.join(", ") })}</div>
            <div>{t("phases.updates", { updates: phase.updates.join(", ") })}</div>
            <div>{t("phases.optimizer", { settings: optimizerText(phase) || t("phases.jobOptimizer") })}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}
