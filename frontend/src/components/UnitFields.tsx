/**
 * The unit parts of the properties panel: binding a parameter to an argument of the unit shown
 * (the value stored is `"$name"`), and a `Unit` node's own fields (which unit, one field per
 * argument with the default as placeholder, "Open unit").
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { LayerNode } from "../graph/types";
import { argRef, boundArg, unitsUsing } from "../graph/units";
import { useGraphStore } from "../store/graphStore";
import { openTab, switchUnit } from "../store/units";

/** Text as a value: JSON when it reads as JSON (3, [3, 5], true), else the text itself. */
export function parseLoose(text: string): unknown {
  const t = text.trim();
  if (t === "") return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return t;
  }
}

export const showLoose = (value: unknown): string =>
  value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);

/** The "argument" select beside a parameter field in a unit's tab. */
export function BindSelect(props: {
  name: string;
  value: unknown;
  args: readonly string[];
  disabled: boolean;
  onChange(value: unknown): void;
}) {
  const { t } = useTranslation();
  const bound = boundArg(props.value);
  return (
    <label className="field-bind">
      <span>{t("units.bindTo")}</span>
      <select
        data-testid={`bind-${props.name}`}
        value={bound ?? ""}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value ? argRef(e.target.value) : undefined)}
      >
        <option value="">{t("units.notBound")}</option>
        {props.args.map((a) => (
          <option key={a} value={a}>
            ${a}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A parameter bound to an argument: shows the binding in place of the value. */
export function BoundField(props: { name: string; title: string; value: string; error?: string }) {
  const { name, title, value, error } = props;
  const { t } = useTranslation();
  return (
    <div className={`field field-set field-bound${error ? " field-invalid" : ""}`}>
      <span className="field-label">
        {title}
        <code className="field-name">{name}</code>
      </span>
      <code className="field-binding" data-testid={`param-bound-${name}`} title={t("units.boundHint")}>
        {value}
      </code>
      {error && (
        <span className="field-error" data-testid={`param-error-${name}`}>
          {error}
        </span>
      )}
    </div>
  );
}

function ArgValue(props: {
  name: string;
  value: unknown;
  fallback: unknown;
  disabled: boolean;
  onCommit(v: unknown): void;
}) {
  const shown = showLoose(props.value);
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const commit = () => text !== shown && props.onCommit(parseLoose(text));
  return (
    <label className={`field${props.value !== undefined ? " field-set" : ""}`}>
      <span className="field-label">
        <code className="field-name">${props.name}</code>
      </span>
      <input
        data-testid={`unit-arg-${props.name}`}
        value={text}
        placeholder={showLoose(props.fallback)}
        disabled={props.disabled}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
    </label>
  );
}

/** A `Unit` node's unit, argument values and "Open unit". */
export function UnitUseFields({
  node,
  disabled,
  error,
}: {
  node: LayerNode;
  disabled: boolean;
  error?: string;
}) {
  const { t } = useTranslation();
  // In a unit's tab, neither it nor a unit using it may be chosen: that would be a cycle.
  const names = useGraphStore((s) => {
    const users = s.tab === null ? new Set<string>() : unitsUsing(s.units, s.tab);
    return s.units
      .filter((u) => u.name !== s.tab && !users.has(u.name))
      .map((u) => u.name)
      .join("\n");
  });
  const name = typeof node.data.params?.unit === "string" ? node.data.params.unit : "";
  const unit = useGraphStore((s) => s.units.find((u) => u.name === name));
  const args = (node.data.params?.args ?? {}) as Record<string, unknown>;
  const setParam = useGraphStore.getState().setParam;
  const setArg = (key: string, value: unknown) => {
    const next = { ...args };
    if (value === undefined) delete next[key];
    else next[key] = value;
    setParam(node.id, "args", Object.keys(next).length > 0 ? next : undefined);
  };
  const options = names ? names.split("\n") : [];
  return (
    <>
      <label className={`field field-set${error ? " field-invalid" : ""}`}>
        <span className="field-label">
          {t("units.unit")}
          <code className="field-name">unit</code>
        </span>
        <select
          data-testid="param-unit"
          value={name}
          disabled={disabled}
          onChange={(e) => switchUnit(node.id, e.target.value)}
        >
          {!options.includes(name) && <option value={name}>{name || "—"}</option>}
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        {error && <span className="field-error">{error}</span>}
      </label>
      {unit && (
        <button
          type="button"
          className="unit-open"
          data-testid="unit-open"
          onClick={() => openTab(unit.name)}
        >
          {t("units.open", { name: unit.name })}
        </button>
      )}
      {(unit?.arguments ?? []).map((a) => (
        <ArgValue
          key={`${node.id}:${a.name}`}
          name={a.name}
          value={args[a.name]}
          fallback={a.default}
          disabled={disabled}
          onCommit={(v) => setArg(a.name, v)}
        />
      ))}
    </>
  );
}
