/**
 * The tabs above the canvas: the network, one per unit, "+ New unit" (asks a name inline) and,
 * with nodes selected, "Make a unit from the selection".
 * Double-clicking a unit's tab renames it (its uses follow); × deletes it, asking first and
 * saying how many uses go with it.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCatalogueStore } from "../store/catalogueStore";
import { ask } from "../store/confirmStore";
import { useGraphStore } from "../store/graphStore";
import { makeUnitFromSelection, selectionHasNoise } from "../store/makeUnit";
import { useSessionStore } from "../store/sessionStore";
import { createUnit, deleteUnit, openTab, renameUnit, unitNameProblem, unitUses } from "../store/units";
import { useValidationStore } from "../store/validationStore";

const NAME_PROBLEMS = { invalid: "units.nameInvalid", taken: "units.nameTaken" } as const;

/** The i18n key of why `name` cannot name a unit (other than `current`), or null. */
function nameProblem(name: string, current?: string): string | null {
  const problem = unitNameProblem(name, current);
  return problem ? NAME_PROBLEMS[problem] : null;
}

const MAKE_PROBLEMS = {
  empty: "units.makeEmpty",
  ends: "units.makeEnds",
  noise: "units.makeNoise",
  outputs: "units.makeOutputs",
  name: "units.nameInvalid",
} as const;

/** A unit may not hold inputs or losses (the catalogue says which types those are). */
const isEnd = (type: string): boolean => {
  const layer = useCatalogueStore.getState().byType.get(type);
  return layer?.role === "input" || layer?.category === "loss";
};

/** An inline name input: Enter commits (when `commit` accepts), Escape or blur cancels. */
function NameInput({
  initial,
  testId,
  onCommit,
  onCancel,
}: {
  initial: string;
  testId: string;
  /** Commit `name`; the i18n key of why not, or null when done. */
  onCommit(name: string): string | null;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
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
          {t(problem)}
        </span>
      )}
    </span>
  );
}

/** Make the selection a unit named `name`: the i18n key of why not, or null when done. */
function makeProblem(name: string): string | null {
  const problem = makeUnitFromSelection(name, isEnd);
  return problem ? MAKE_PROBLEMS[problem] : null;
}

function UnitTab({ name, active, readOnly }: { name: string; active: boolean; readOnly: boolean }) {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState(false);
  const errors = useValidationStore((s) => s.full?.units?.[name]?.errors?.length ?? 0);
  const remove = async () => {
    const uses = unitUses(name);
    const text = uses > 0 ? t("units.deleteUsed", { name, count: uses }) : t("units.deleteAsk", { name });
    if (await ask(text, t("delete"), { danger: true })) deleteUnit(name);
  };
  if (renaming) {
    return (
      <NameInput
        initial={name}
        testId="unit-rename"
        onCancel={() => setRenaming(false)}
        onCommit={(next) => {
          const problem = nameProblem(next, name);
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
        aria-current={active ? "page" : undefined}
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
  const [making, setMaking] = useState(false);
  const selected = useGraphStore((s) => s.nodes.filter((n) => n.selected).length);
  const noise = useGraphStore((s) => selectionHasNoise(s.nodes));
  const units = names ? names.split("\n") : [];
  return (
    <nav className="unit-tabs" data-testid="unit-tabs" aria-label={t("units.tabs")}>
      <span className={`unit-tab${tab === null ? " active" : ""}`}>
        <button
          type="button"
          className="unit-tab-name"
          data-testid="unit-tab-network"
          aria-current={tab === null ? "page" : undefined}
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
            const problem = nameProblem(name);
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
      {making ? (
        <NameInput
          initial=""
          testId="unit-make-name"
          onCancel={() => setMaking(false)}
          onCommit={(name) => {
            const problem = nameProblem(name) ?? makeProblem(name);
            if (problem === null) setMaking(false);
            return problem;
          }}
        />
      ) : (
        !readOnly &&
        selected > 0 && (
          <button
            type="button"
            className="unit-tab-add"
            data-testid="unit-make"
            title={noise ? t("units.makeNoise") : t("units.makeHint")}
            disabled={noise}
            onClick={() => setMaking(true)}
          >
            {t("units.make", { count: selected })}
          </button>
        )
      )}
    </nav>
  );
}
