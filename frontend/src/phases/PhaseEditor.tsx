/**
 * The graph's training phases, edited beside the canvas (network tab): add, remove, rename and
 * reorder phases; tick each one's losses and what its optimizer updates; override the job's
 * optimizer settings. Every edit goes through the graph store (`setPhases`), so undo, redo,
 * save and the draft cover it; validation's `phase.*` errors show on the phase they name.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Issue } from "../api/models";
import { trainingConfigOptimizerValues as OPTIMIZERS } from "../api/schema";
import {
  addPhase,
  movePhase,
  type NameProblem,
  type OptimizerField,
  type Phase,
  type PhaseOptimizer,
  parseOverride,
  phaseNameProblem,
  rangeText,
  removePhase,
  renamePhase,
  setOverride,
  shownFields,
  toggleLoss,
  toggleUpdate,
  type UpdateChoices,
  updateChoices,
} from "../graph/phases";
import { useConfigSchema } from "../hooks/useConfigSchema";
import { useLang } from "../hooks/useLang";
import { useCatalogueStore } from "../store/catalogueStore";
import { useGraphStore } from "../store/graphStore";
import { useSessionStore } from "../store/sessionStore";
import { useValidationStore } from "../store/validationStore";
import { optimizerName, settingTitle } from "../training/launchForm";
import { usePhaseView } from "./phaseViewStore";
import { useNodeBrief } from "./useNodeBrief";

const NO_PHASES: Phase[] = [];
const NO_ISSUES: Issue[] = [];
const NAME_PROBLEMS: Record<NameProblem, string> = {
  empty: "phaseEditor.nameEmpty",
  taken: "phaseEditor.nameTaken",
  long: "phaseEditor.nameLong",
};

const phasesNow = () => useGraphStore.getState().training?.phases ?? NO_PHASES;
const edit = (change: (phases: readonly Phase[]) => Phase[]) =>
  useGraphStore.getState().setPhases(change(phasesNow()));

function NameField({ phase, index, disabled }: { phase: Phase; index: number; disabled: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState(phase.name);
  const [problem, setProblem] = useState<NameProblem | null>(null);
  useEffect(() => setText(phase.name), [phase.name]);
  const commit = () => {
    if (text.trim() === phase.name) return setProblem(null);
    const why = phaseNameProblem(phasesNow(), index, text);
    setProblem(why);
    if (why !== null) return;
    edit((p) => renamePhase(p, index, text));
    // a network view of the phase follows its new name
    const view = usePhaseView.getState();
    if (view.view === phase.name) view.setView(text.trim());
  };
  return (
    <>
      <input
        className="phase-name"
        data-testid="phase-name"
        aria-label={t("phaseEditor.name")}
        value={text}
        disabled={disabled}
        data-clean={text === phase.name ? "true" : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
      {problem && (
        <span className="field-error" data-testid="phase-name-error">
          {t(NAME_PROBLEMS[problem])}
        </span>
      )}
    </>
  );
}

function Check(props: {
  id: string;
  checked: boolean;
  testId: string;
  disabled: boolean;
  missing?: boolean;
  onChange(on: boolean): void;
}) {
  const { t } = useTranslation();
  return (
    <label className={`check${props.missing ? " phase-missing" : ""}`}>
      <input
        type="checkbox"
        data-testid={props.testId}
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {props.id}
      {props.missing && <span className="muted"> ({t("phaseEditor.missing")})</span>}
    </label>
  );
}

function NumberField(props: {
  phase: Phase;
  index: number;
  field: Exclude<OptimizerField, "optimizer">;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const title = settingTitle(useConfigSchema(), props.field, useLang());
  const { phase, index, field } = props;
  const value = phase.optimizer?.[field];
  const shown = value === undefined || value === null ? "" : String(value);
  const [text, setText] = useState(shown);
  const [refused, setRefused] = useState(false);
  useEffect(() => setText(shown), [shown]);
  const commit = () => {
    const parsed = parseOverride(field, text);
    setRefused(parsed === null);
    if (parsed !== null && text.trim() !== shown) edit((p) => setOverride(p, index, field, parsed));
  };
  return (
    <label className="phase-field">
      <span data-testid={`phase-${field}-title`}>{title}</span>
      <input
        data-testid={`phase-${field}`}
        value={text}
        data-clean={text === shown ? "true" : undefined}
        placeholder={t("phaseEditor.jobValue")}
        disabled={props.disabled}
        className={refused ? "field-invalid" : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
      {refused && <span className="field-error">{t("phaseEditor.range", { range: rangeText(field) })}</span>}
    </label>
  );
}

function UpdateGroup(props: {
  title: string;
  names: string[];
  phase: Phase;
  index: number;
  disabled: boolean;
}) {
  if (props.names.length === 0) return null;
  return (
    <div className="phase-group">
      <span className="phase-group-title">{props.title}</span>
      {props.names.map((name) => (
        <Check
          key={name}
          id={name}
          testId={`phase-update-${name}`}
          checked={props.phase.updates.includes(name)}
          disabled={props.disabled}
          onChange={(on) => edit((p) => toggleUpdate(p, props.index, name, on))}
        />
      ))}
    </div>
  );
}

function PhaseCard(props: {
  phase: Phase;
  index: number;
  count: number;
  losses: string[];
  choices: UpdateChoices;
  issues: Issue[];
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const { phase, index, losses, choices, disabled } = props;
  const offered = new Set([...choices.shared, ...choices.units, ...choices.layers]);
  const strayLosses = phase.losses.filter((l) => !losses.includes(l));
  const strayUpdates = phase.updates.filter((u) => !offered.has(u));
  const optimizer = phase.optimizer?.optimizer ?? "";
  const optimizerTitle = settingTitle(useConfigSchema(), "optimizer", useLang());
  return (
    <li className="phase-card" data-testid={`phase-${phase.name}`}>
      <div className="phase-head">
        <span className="phase-index">{index + 1}</span>
        <NameField phase={phase} index={index} disabled={disabled} />
        <button
          type="button"
          data-testid="phase-up"
          title={t("phaseEditor.up")}
          disabled={disabled || index === 0}
          onClick={() => edit((p) => movePhase(p, index, -1))}
        >
          ↑
        </button>
        <button
          type="button"
          data-testid="phase-down"
          title={t("phaseEditor.down")}
          disabled={disabled || index === props.count - 1}
          onClick={() => edit((p) => movePhase(p, index, 1))}
        >
          ↓
        </button>
        <button
          type="button"
          data-testid="phase-remove"
          title={t("phaseEditor.remove")}
          disabled={disabled}
          onClick={() => edit((p) => removePhase(p, index))}
        >
          ×
        </button>
      </div>
      {props.issues.map((issue) => (
        <p key={`${issue.code}:${issue.message}`} className="props-error" data-testid="phase-error">
          {issue.message}
        </p>
      ))}
      <fieldset className="phase-set">
        <legend>{t("phaseEditor.losses")}</legend>
        {losses.length === 0 && strayLosses.length === 0 && (
          <p className="panel-note">{t("phaseEditor.noLosses")}</p>
        )}
        {[...losses, ...strayLosses].map((loss) => (
          <Check
            key={loss}
            id={loss}
            testId={`phase-loss-${loss}`}
            checked={phase.losses.includes(loss)}
            disabled={disabled}
            missing={!losses.includes(loss)}
            onChange={(on) => edit((p) => toggleLoss(p, index, loss, on))}
          />
        ))}
      </fieldset>
      <fieldset className="phase-set">
        <legend>{t("phaseEditor.updates")}</legend>
        <UpdateGroup
          title={t("phaseEditor.shared")}
          names={choices.shared}
          phase={phase}
          index={index}
          disabled={disabled}
        />
        <UpdateGroup
          title={t("phaseEditor.units")}
          names={choices.units}
          phase={phase}
          index={index}
          disabled={disabled}
        />
        <UpdateGroup
          title={t("phaseEditor.layers")}
          names={choices.layers}
          phase={phase}
          index={index}
          disabled={disabled}
        />
        {strayUpdates.map((name) => (
          <Check
            key={name}
            id={name}
            testId={`phase-update-${name}`}
            checked
            disabled={disabled}
            missing={!offered.has(name)}
            onChange={(on) => edit((p) => toggleUpdate(p, index, name, on))}
          />
        ))}
      </fieldset>
      <fieldset className="phase-set phase-optimizer">
        <legend>{t("phaseEditor.optimizer")}</legend>
        <label className="phase-field">
          <span data-testid="phase-optimizer-title">{optimizerTitle}</span>
          <select
            data-testid="phase-optimizer"
            value={optimizer}
            disabled={disabled}
            onChange={(e) =>
              edit((p) =>
                setOverride(
                  p,
                  index,
                  "optimizer",
                  (e.target.value || undefined) as PhaseOptimizer["optimizer"] | undefined,
                ),
              )
            }
          >
            <option value="">{t("phaseEditor.jobOptimizer")}</option>
            {OPTIMIZERS.map((name) => (
              <option key={name} value={name}>
                {optimizerName(t, name)}
              </option>
            ))}
          </select>
        </label>
        {shownFields(phase).map((field) =>
          field === "optimizer" ? null : (
            <NumberField key={field} phase={phase} index={index} field={field} disabled={disabled} />
          ),
        )}
        <p className="panel-note">{t("phaseEditor.overrideHint")}</p>
      </fieldset>
    </li>
  );
}

export function PhaseEditor() {
  const { t } = useTranslation();
  const open = usePhaseView((s) => s.editorOpen);
  const phases = useGraphStore((s) => s.training?.phases ?? NO_PHASES);
  const onNetwork = useGraphStore((s) => s.tab === null);
  const nodes = useNodeBrief();
  const byType = useCatalogueStore((s) => s.byType);
  const result = useValidationStore((s) => s.result);
  const errors = result?.errors ?? NO_ISSUES;
  const readOnly = useSessionStore((s) => s.viewing !== null);
  if (!onNetwork) return null;
  const isLoss = (type: string) => byType.get(type)?.category === "loss";
  const losses = nodes.filter((n) => isLoss(n.data.type)).map((n) => n.id);
  const choices = updateChoices(nodes, isLoss, (id) => result?.nodes[id]?.params ?? undefined);
  const phaseErrors = (name: string) =>
    errors.filter((e) => (e.code ?? "").startsWith("phase.") && e.params?.phase === name);
  return (
    <section className="phases-panel" data-testid="phase-editor">
      <button
        type="button"
        className="panel-title phases-toggle"
        data-testid="phases-toggle"
        aria-expanded={open}
        onClick={() => usePhaseView.getState().setEditorOpen(!open)}
      >
        {open ? "▾" : "▸"} {t("phaseEditor.title", { count: phases.length })}
      </button>
      {open && (
        <>
          {phases.length === 0 && <p className="panel-note">{t("phaseEditor.none")}</p>}
          {phases.length > 0 && <p className="panel-note">{t("phases.hint")}</p>}
          <ol className="phase-list">
            {phases.map((phase, index) => (
              <PhaseCard
                // biome-ignore lint/suspicious/noArrayIndexKey: two phases may share a name until validation says so
                key={`${index}`}
                phase={phase}
                index={index}
                count={phases.length}
                losses={losses}
                choices={choices}
                issues={phaseErrors(phase.name)}
                disabled={readOnly}
              />
            ))}
          </ol>
          {!readOnly && (
            <button
              type="button"
              className="phase-add"
              data-testid="phase-add"
              onClick={() => edit((p) => addPhase(p))}
            >
              {t("phaseEditor.add")}
            </button>
          )}
        </>
      )}
    </section>
  );
}
