/**
 * A unit's arguments, shown beside its canvas: name and default of each, add and remove.
 * Renaming one rewrites its `"$name"` references and every use's `args`; removing one puts
 * its default where it was referenced.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { UnitArgument } from "../graph/units";
import { useGraphStore } from "../store/graphStore";
import { useSessionStore } from "../store/sessionStore";
import { addArgument, removeArgument, renameArgument, setArgumentDefault } from "../store/units";
import { parseLoose, showLoose } from "./UnitFields";

const NONE: UnitArgument[] = [];

function ArgumentRow({ arg, disabled }: { arg: UnitArgument; disabled: boolean }) {
  const { t } = useTranslation();
  const [name, setName] = useState(arg.name);
  const [refused, setRefused] = useState(false);
  const shown = showLoose(arg.default);
  const [value, setValue] = useState(shown);
  useEffect(() => setName(arg.name), [arg.name]);
  useEffect(() => setValue(shown), [shown]);
  const commitName = () => {
    if (name.trim() === arg.name) return;
    const ok = renameArgument(arg.name, name.trim());
    setRefused(!ok);
    if (!ok) setName(arg.name);
  };
  const commitValue = () => value !== shown && setArgumentDefault(arg.name, parseLoose(value));
  return (
    <div className="argument-row" data-testid={`argument-${arg.name}`}>
      <input
        aria-label={t("units.argName")}
        data-testid="argument-name"
        className={refused ? "field-invalid" : undefined}
        value={name}
        disabled={disabled}
        onChange={(e) => setName(e.target.value)}
        onBlur={commitName}
        onKeyDown={(e) => e.key === "Enter" && commitName()}
      />
      <input
        aria-label={t("units.argDefault")}
        data-testid="argument-default"
        value={value}
        disabled={disabled}
        onChange={(e) => setValue(e.target.value)}
        onBlur={commitValue}
        onKeyDown={(e) => e.key === "Enter" && commitValue()}
      />
      <button
        type="button"
        data-testid="argument-remove"
        title={t("units.argRemove")}
        disabled={disabled}
        onClick={() => removeArgument(arg.name)}
      >
        ×
      </button>
      {refused && <span className="field-error">{t("units.argNameRefused")}</span>}
    </div>
  );
}

export function ArgumentsPanel() {
  const { t } = useTranslation();
  const tab = useGraphStore((s) => s.tab);
  const args = useGraphStore((s) => s.units.find((u) => u.name === s.tab)?.arguments ?? NONE);
  const readOnly = useSessionStore((s) => s.viewing !== null);
  if (tab === null) return null;
  return (
    <section className="arguments" data-testid="arguments">
      <h2 className="panel-title">{t("units.arguments", { name: tab })}</h2>
      {args.length === 0 && <p className="panel-note">{t("units.noArguments")}</p>}
      {args.length > 0 && (
        <div className="argument-row argument-head">
          <span>{t("units.argName")}</span>
          <span>{t("units.argDefault")}</span>
        </div>
      )}
      {args.map((a) => (
        <ArgumentRow key={a.name} arg={a} disabled={readOnly} />
      ))}
      {!readOnly && (
        <button type="button" data-testid="argument-add" onClick={() => addArgument()}>
          {t("units.argAdd")}
        </button>
      )}
    </section>
  );
}
