/**
 * One parameter input, typed from its JSON Schema; text and numbers commit on Enter or blur.
 * A text field showing the store's value is marked `data-clean`, so that Ctrl+Z there undoes
 * the graph's last edit (useShortcuts) rather than bringing back old text a blur would commit.
 */
import { type ReactNode, useEffect, useState } from "react";
import type { Lang } from "../api/models";
import type { ParamSchema } from "../api/types";
import { display, kindOf, parse } from "./paramValue";

interface Props {
  name: string;
  schema: ParamSchema;
  value: unknown;
  isSet: boolean;
  lang: Lang;
  error?: string;
  disabled: boolean;
  onChange(value: unknown): void;
}

export function ParamField({ name, schema, value, isSet, lang, error, disabled, onChange }: Props) {
  const kind = kindOf(schema);
  const shown = display(value);
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const title = (lang === "ja" ? schema.title_ja : schema.title) ?? schema.title ?? name;
  const help = (lang === "ja" ? schema.description_ja : schema.description) ?? schema.description;
  const testId = `param-${name}`;

  const commit = () => {
    if (text === shown) return;
    onChange(kind === "number" ? (text.trim() === "" ? undefined : Number(text)) : parse(text, schema));
  };

  let input: ReactNode;
  if (kind === "boolean") {
    input = (
      <input
        type="checkbox"
        data-testid={testId}
        checked={value === true}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
    );
  } else if (kind === "enum") {
    input = (
      <select
        data-testid={testId}
        value={shown}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      >
        {(schema.enum ?? []).map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  } else {
    input = (
      <input
        type={kind === "number" ? "number" : "text"}
        data-testid={testId}
        value={text}
        data-clean={text === shown ? "true" : undefined}
        min={schema.minimum}
        max={schema.maximum}
        step={schema.type === "integer" ? 1 : "any"}
        disabled={disabled}
        placeholder={kind === "text" && value === null ? "auto" : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
          if (e.key === "Escape") setText(shown);
        }}
      />
    );
  }

  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is `input`, built above
    <label className={`field${error ? " field-invalid" : ""}${isSet ? " field-set" : ""}`}>
      <span className="field-label">
        {title}
        <code className="field-name">{name}</code>
      </span>
      {input}
      {error && (
        <span className="field-error" data-testid={`param-error-${name}`}>
          {error}
        </span>
      )}
      {help && <span className="field-help">{help}</span>}
    </label>
  );
}
