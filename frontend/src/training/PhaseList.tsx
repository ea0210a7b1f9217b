/** The launch panel's list of training phases (several networks trained together, a GAN):
 * each phase's losses, the nodes its optimizer updates with their parameter count, and the
 * optimizer it runs with: the phase's own settings win over the form's, each marked. */
import { useTranslation } from "react-i18next";
import { formatCount } from "../graph/format";
import { effectiveOptimizer, type Phase, phaseParameters, type Setting } from "../graph/phases";
import { useConfigSchema } from "../hooks/useConfigSchema";
import { useLang } from "../hooks/useLang";
import { usePhaseView } from "../phases/phaseViewStore";
import { useGraphStore } from "../store/graphStore";
import { networkSheet, openTab } from "../store/units";
import { useValidationStore } from "../store/validationStore";
import { type ConfigSchema, type Fits, optimizerName, settingTitle, shown, type Values } from "./launchForm";
import { useTrainingStore } from "./trainingStore";

// One empty list: a selector that made a new one each time would re-render without end.
const NO_PHASES: Phase[] = [];

/** How the panel names things: where a setting comes from, a field's title and an optimizer's
 * display name, in the UI's language. */
export interface SettingWords {
  phase: string;
  job: string;
  title(field: string): string;
  optimizer(name: string): string;
}

/** One effective setting as the panel writes it: `Learning rate 0.002 (phase)`, `Adam (phase)`. */
export function settingText(setting: Setting, words: SettingWords): string {
  const text =
    setting.field === "optimizer"
      ? setting.value
        ? words.optimizer(setting.value)
        : "—"
      : `${words.title(setting.field)} ${setting.value || "—"}`;
  return `${text} (${setting.fromPhase ? words.phase : words.job})`;
}

/** The test fraction the form holds out when it shows that field (a built-in dataset), else 0.
 * It is the job's, not a phase's: every phase trains on the same training rows, none of the
 * test rows, and the test set is scored once after training, by every head. */
export function shownTestFraction(
  schema: ConfigSchema | null | undefined,
  values: Values,
  fits: Fits,
): number {
  if (!schema || !shown(schema, values, fits).includes("test_fraction")) return 0;
  const fraction = Number(values.test_fraction);
  return Number.isFinite(fraction) && fraction > 0 ? fraction : 0;
}

/** `values`: the launch form's values; a phase's own settings win over them. `testFraction`:
 * the job's test fraction, held out of every phase (0: none). */
export function PhaseList({
  values = {},
  testFraction = 0,
}: {
  values?: Readonly<Record<string, unknown>>;
  testFraction?: number;
}) {
  const { t } = useTranslation();
  const phases = useGraphStore((s) => s.training?.phases ?? NO_PHASES);
  const nodes = useGraphStore((s) => networkSheet(s).nodes);
  const counts = useValidationStore((s) => s.result?.nodes);
  const schema = useConfigSchema();
  const lang = useLang();
  if (phases.length === 0) return null;
  const words: SettingWords = {
    phase: t("phaseEditor.fromPhase"),
    job: t("phaseEditor.fromJob"),
    title: (field) => settingTitle(schema, field, lang),
    optimizer: (name) => optimizerName(t, name),
  };
  const editPhases = () => {
    useTrainingStore.getState().setLaunchOpen(false);
    openTab(null);
    usePhaseView.getState().setEditorOpen(true);
  };
  return (
    <section className="launch-phases" data-testid="launch-phases">
      <h3>{t("phases.title")}</h3>
      <p className="hint">{t("phases.hint")}</p>
      <ol>
        {phases.map((phase, i) => {
          const parameters = phaseParameters(phase, nodes, (id) => counts?.[id]?.params ?? undefined);
          const settings = effectiveOptimizer(phase, values)
            .map((s) => settingText(s, words))
            .join(", ");
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: names may repeat until validation says so
            <li key={i} data-testid={`launch-phase-${phase.name}`}>
              <strong>{phase.name}</strong>
              <div>{t("phases.losses", { losses: phase.losses.join(", ") })}</div>
              <div>
                {t("phases.updates", { updates: phase.updates.join(", ") })}
                {parameters !== null && (
                  <span className="muted" data-testid="launch-phase-parameters">
                    {" "}
                    — {t("phaseEditor.parameters", { parameters: formatCount(parameters) })}
                  </span>
                )}
              </div>
              <div data-testid="launch-phase-optimizer">{t("phaseEditor.effective", { settings })}</div>
            </li>
          );
        })}
      </ol>
      <p className="hint">{t("phaseEditor.wins")}</p>
      {testFraction > 0 && (
        <p className="hint" data-testid="launch-phases-test">
          {t("phases.testHeldOut", { percent: Math.round(testFraction * 100) })}
        </p>
      )}
      <button type="button" data-testid="launch-edit-phases" onClick={editPhases}>
        {t("phaseEditor.edit")}
      </button>
    </section>
  );
}
