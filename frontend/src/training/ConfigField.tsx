/** One launch-form field rendered from its JSON Schema: number, choice or checkbox, with its bound. */
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { Lang } from "../api/models";
import type { ParamSchema } from "../api/types";
import { kindOf } from "../components/paramValue";
import { helpOf, needsWholeRow, optionLabel, type Problem, titleOf } from "./launchForm";

interface Props {
  name: string;
  schema: ParamSchema;
  value: string | boolean;
  lang: Lang;
  problem?: Problem;
  onChange(value: string | boolean): void;
}

/** `launch-batch-size` for `batch_size`: the ids the end-to-end tests use. */
export const testIdOf = (name: string) => `launch-${name.replaceAll("_", "-")}`;

export function ConfigField({ name, schema, value, lang, problem, onChange }: Props) {
  const { t } = useTranslation();
  const kind = kindOf(schema);
  const title = titleOf(schema, name, lang);
  const help = helpOf(schema, lang);
  // named by its title alone (a wrapping label's name would take in the chosen option and the error)
  const titleId = useId();
  // the error is the control's description, so a screen reader reads it with the field
  const errorId = useId();
  if (kind === "boolean") {
    return (
      <label className="check" title={help}>
        <input
          type="checkbox"
          data-testid={testIdOf(name)}
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
        {title}
      </label>
    );
  }
  const options = (schema.enum ?? []).map((option) => ({
    value: String(option),
    label: optionLabel(t, name, option),
  }));
  const classes = [
    problem && "field-invalid",
    kind === "enum" && needsWholeRow(options.map((o) => o.label)) && "wide",
  ];
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the select or input inside
    <label title={help} className={classes.filter(Boolean).join(" ") || undefined}>
      <span id={titleId}>{title}</span>
      {kind === "enum" ? (
        <select
          aria-labelledby={titleId}
          data-testid={testIdOf(name)}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          type="number"
          aria-labelledby={titleId}
          data-testid={testIdOf(name)}
          aria-invalid={problem !== undefined}
          aria-describedby={problem ? errorId : undefined}
          value={String(value)}
          min={schema.minimum ?? schema.exclusiveMinimum}
          max={schema.maximum ?? schema.exclusiveMaximum}
          step={schema.type === "integer" ? 1 : "any"}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {problem && (
        <span className="field-error" id={errorId} data-testid={`${testIdOf(name)}-error`}>
          {problem.code === "range"
            ? t("training.launch.outOfRange", { bound: problem.bound })
            : t(`training.launch.${problem.code === "integer" ? "notInteger" : "notNumber"}`)}
        </span>
      )}
    </label>
  );
}
