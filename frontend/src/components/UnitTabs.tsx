/**
 * The tabs above the canvas: the network, one per unit, and "+ New unit" (asks a name inline).
 * Double-clicking a unit's tab renames it (its uses follow); × deletes it, asking first and
 * saying how many uses go with it.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ask } from "../store/confirmStore";
import { useGraphStore } from "../store/graphStore";
import { useSessionStore } from "../store/sessionStore";
import { createUnit, deleteUnit, openTab, renameUnit, unitNameProblem, unitUses } from "../store/units";
import { useValidationStore } from "../store/validationStore";

/** An inline name input: Enter commits (when `commit` accepts), Escape or blur cancels. */
function NameInput({
  initial,
  testId,
  onCommit,
  onCancel,
}: {
  initial: string;
  testId: string;
  onCommit(name: string): "invalid" | "taken" | null;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const [problem, setProblem] = useState<"invalid" | "taken" | null>(null);
  return (
    <span className="unit-tab-edit">
      <input
        // biome-ignore lint/a11y/noAutofocus: the input appears because the user asked for it
        autoFocus
        data-testid={testId}
        value={text}
        placeholder={t("units.namePlaceholder")}
        onChange={(e) => setText(e.target.value)}
        onBlur={onCancel}
        onKeyDown={(e) => {
          if (e.key === "Escape") onCancel();
          if (e.key === "Enter") setProblem(onCommit(text.trim()));
        }}
      />
      {problem && (
        <span className="field-error" data-testid="unit-name-error">
          {t(problem === "taken" ? "units.nameTaken" : "units.nameInvalid")}
        </span>
      )}
    </span>
  );
}

function UnitTab({ name, active, readOnly }: { name: string; active: boolean; readOnly: boolean }) {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState(false);
  const errors = useValidationStore((s) => s.full?.units?.[name]?.errors?.length ?? 0);
  const remove = async () => {
    const uses = unitUses(name);
    const text = uses > 0 ? t("units.deleteUsed", { name, count: uses }) : t("units.deleteAsk", { name });
    if (await ask(text, t("delete"))) deleteUnit(name);
  };
  if (renaming) {
    return (
      <NameInput
        initial={name}
        testId="unit-rename"
        onCancel={() => setRenaming(false)}
        onCommit={(next) => {
          const problem = unitNameProblem(next, name);
          if (problem === null) {
            renameUnit(name, next);
            setRenaming(false);
          }
          return problem;
        }}
      />
    );
  }
  return (
    <span className={`unit-tab${active ? " active" : ""}`} data-testid={`unit-tab-${name}`}>
      <button
        type="button"
        className="unit-tab-name"
        data-invalid={errors > 0 ? "true" : "false"}
        title={t("units.tabHint")}
        onClick={() => openTab(name)}
        onDoubleClick={() => !readOnly && setRenaming(true)}
      >
        {name}
      </button>
      {active && !readOnly && (
        <button
          type="button"
          className="unit-tab-close"
          data-testid="unit-delete"
          title={t("units.delete")}
          onClick={() => void remove()}
        >
          ×
        </button>
      )}
    </span>
  );
}

export function UnitTabs() {
  const { t } = useTranslation();
  const tab = useGraphStore((s) => s.tab);
  const names = useGraphStore((s) => s.units.map((u) => u.name).join("\n"));
  const readOnly = useSessionStore((s) => s.viewing !== null);
  const [adding, setAdding] = useState(false);
  const units = names ? names.split("\n") : [];
  return (
    <nav className="unit-tabs" data-testid="unit-tabs" aria-label={t("units.tabs")}>
      <span className={`unit-tab${tab === null ? " active" : ""}`}>
        <button
          type="button"
          className="unit-tab-name"
          data-testid="unit-tab-network"
          onClick={() => openTab(null)}
        >
          {t("units.network")}
        </button>
      </span>
      {units.map((name) => (
        <UnitTab key={name} name={name} active={tab === name} readOnly={readOnly} />
      ))}
      {adding ? (
        <NameInput
          initial=""
          testId="unit-new-name"
          onCancel={() => setAdding(false)}
          onCommit={(name) => {
            const problem = unitNameProblem(name);
            if (problem === null) {
              createUnit(name);
              setAdding(false);
            }
            return problem;
          }}
        />
      ) : (
        !readOnly && (
          <button
            type="button"
            className="unit-tab-add"
            data-testid="unit-new"
            onClick={() => setAdding(true)}
          >
            {t("units.new")}
          </button>
        )
      )}
    </nav>
  );
}
