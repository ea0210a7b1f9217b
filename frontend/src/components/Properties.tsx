/** The properties of the selected layer: its id and a form generated from its parameter schema. */
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Issue, Lang } from "../api/models";
import type { ParamSchema } from "../api/types";
import type { LayerNode } from "../graph/types";
import { boundArg, UNIT_TYPE } from "../graph/units";
import { useLang } from "../hooks/useLang";
import { NodePhases } from "../phases/NodePhases";
import { useCatalogueStore } from "../store/catalogueStore";
import { useGraphStore } from "../store/graphStore";
import { useSessionStore } from "../store/sessionStore";
import { useValidationStore } from "../store/validationStore";
import { AugmentPreview } from "./AugmentPreview";
import { ParamField } from "./ParamField";
import { BindSelect, BoundField, UnitUseFields } from "./UnitFields";

/** Parameters a `Unit` node edits through `UnitUseFields`, not the generic form. */
const UNIT_OWN = new Set(["unit", "args"]);

function NodeIdField({ id, disabled }: { id: string; disabled: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState(id);
  const [refused, setRefused] = useState(false);
  useEffect(() => {
    setText(id);
    setRefused(false);
  }, [id]);
  const commit = () => {
    if (text === id) return;
    const ok = useGraphStore.getState().renameNode(id, text);
    setRefused(!ok);
    if (!ok) setText(id);
  };
  return (
    <label className={`field${refused ? " field-invalid" : ""}`}>
      <span className="field-label">{t("nodeId")}</span>
      <input
        data-testid="prop-id"
        value={text}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
      {refused && <span className="field-error">{t("idTaken")}</span>}
    </label>
  );
}

const messages = (issues: readonly Issue[]): string | undefined =>
  issues.map((p) => p.message).join("\n") || undefined;

/** One parameter: its field, or its binding to an argument; in a unit's tab, the binding select. */
function ParamRow(props: {
  node: LayerNode;
  name: string;
  schema: ParamSchema;
  fallback: unknown;
  lang: Lang;
  error: string | undefined;
  args: readonly string[];
  disabled: boolean;
}) {
  const { node, name, schema, lang, error, args, disabled } = props;
  const value = node.data.params?.[name];
  const setParam = (v: unknown) => useGraphStore.getState().setParam(node.id, name, v);
  const title = (lang === "ja" ? schema.title_ja : schema.title) ?? schema.title ?? name;
  return (
    <div className="param-row">
      {boundArg(value) !== null ? (
        <BoundField name={name} title={title} value={String(value)} error={error} />
      ) : (
        <ParamField
          name={name}
          schema={schema}
          value={value !== undefined ? value : props.fallback}
          isSet={value !== undefined}
          lang={lang}
          error={error}
          disabled={disabled}
          onChange={setParam}
        />
      )}
      {args.length > 0 && (
        <BindSelect name={name} value={value} args={args} disabled={disabled} onChange={setParam} />
      )}
    </div>
  );
}

export function Properties() {
  const { t } = useTranslation();
  const lang = useLang();
  const selected = useGraphStore((s) =>
    s.nodes
      .filter((n) => n.selected)
      .map((n) => n.id)
      .join("\n"),
  );
  const ids = selected ? selected.split("\n") : [];
  const node = useGraphStore((s) => (ids.length === 1 ? s.nodes.find((n) => n.id === ids[0]) : undefined));
  const layer = useCatalogueStore((s) => (node ? s.byType.get(node.data.type) : undefined));
  const result = useValidationStore((s) => s.result);
  const readOnly = useSessionStore((s) => s.viewing !== null);
  // In a unit's tab every parameter may be bound to one of the unit's arguments.
  const argNames = useGraphStore((s) =>
    s.tab === null
      ? ""
      : (s.units.find((u) => u.name === s.tab)?.arguments ?? []).map((a) => a.name).join("\n"),
  );
  const args = argNames ? argNames.split("\n") : [];
  const inUnit = useGraphStore((s) => s.tab !== null);

  let body: ReactNode;
  if (ids.length > 1) {
    body = <p className="panel-note">{t("manySelected", { count: ids.length })}</p>;
  } else if (!node) {
    body = <p className="panel-note">{t("noSelection")}</p>;
  } else {
    const problems = result?.errors.filter((e) => e.node === node.id) ?? [];
    const warnings = result?.warnings.filter((w) => w.node === node.id) ?? [];
    const properties = layer?.params_schema.properties ?? {};
    const isUnit = node.data.type === UNIT_TYPE;
    body = (
      <>
        <div className="props-head">
          <strong>{layer ? layer.title[lang] : node.data.type}</strong>
          <span className="props-type">{node.data.type}</span>
        </div>
        {layer && <p className="props-help">{layer.help[lang]}</p>}
        <NodeIdField id={node.id} disabled={readOnly} />
        <NodePhases node={node} />
        {isUnit && (
          <UnitUseFields
            node={node}
            disabled={readOnly}
            error={messages(problems.filter((p) => p.field === "unit" || p.field === "args"))}
          />
        )}
        {Object.entries(properties)
          .filter(([name]) => !(isUnit && UNIT_OWN.has(name)))
          .map(([name, schema]) => (
            <ParamRow
              key={`${node.id}:${name}`}
              node={node}
              name={name}
              schema={schema}
              fallback={layer?.defaults[name]}
              lang={lang}
              error={messages(problems.filter((p) => p.field === name))}
              args={inUnit ? args : []}
              disabled={readOnly}
            />
          ))}
        {problems
          .filter((p) => !p.field || !(p.field in properties))
          .map((p) => (
            <p key={`e:${p.field ?? ""}:${p.message}`} className="props-error" data-testid="prop-error">
              {p.message}
            </p>
          ))}
        {warnings.map((w) => (
          <p key={`w:${w.message}`} className="props-warning" data-testid="prop-warning">
            {w.message}
          </p>
        ))}
        {layer?.category === "augmentation" && (
          <AugmentPreview key={node.id} type={node.data.type} params={node.data.params ?? {}} />
        )}
      </>
    );
  }
  return (
    <section className="properties" data-testid="properties">
      <h2 className="panel-title">{t("properties")}</h2>
      {body}
    </section>
  );
}
