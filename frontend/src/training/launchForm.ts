/**
 * The launch form as data, read from `TrainingConfig`'s JSON Schema (served in /openapi.json):
 * which fields show and when, their defaults, their bounds, their titles in the UI language.
 * Number fields hold the text typed; `body` turns the shown fields into the config to send.
 */

import type { TFunction } from "i18next";
import type { TrainingConfig } from "../api/jobs";
import type { BuiltinDataset, Lang } from "../api/models";
import type { ParamSchema } from "../api/types";
import { kindOf } from "../components/paramValue";

export interface ConfigSchema {
  properties: Record<string, ParamSchema>;
}

/** A field's value: typed text for numbers and choices, true/false for checkboxes. */
export type Values = Record<string, string | boolean>;

type When = (v: Values) => boolean;
const optimizerIn =
  (...names: string[]): When =>
  (v) =>
    names.includes(String(v.optimizer));
const scheduleIn =
  (...names: string[]): When =>
  (v) =>
    names.includes(String(v.schedule));

/** The fields the form renders, in order, each with when it shows: the one place for that. */
export const LAYOUT: readonly { name: keyof TrainingConfig & string; when?: When }[] = [
  { name: "epochs" },
  { name: "batch_size" },
  { name: "last_batch" },
  { name: "optimizer" },
  { name: "lr" },
  { name: "momentum", when: optimizerIn("momentum", "nesterov", "rmsprop") },
  { name: "rho", when: optimizerIn("rmsprop") },
  { name: "beta1", when: optimizerIn("adam", "adamw") },
  { name: "beta2", when: optimizerIn("adam", "adamw") },
  { name: "eps", when: optimizerIn("adam", "adamw", "rmsprop", "adagrad") },
  { name: "weight_decay" },
  { name: "schedule" },
  { name: "step_size", when: scheduleIn("step") },
  { name: "gamma", when: scheduleIn("step", "exponential") },
  { name: "warmup_epochs", when: scheduleIn("warmup") },
  { name: "validation_split" },
  { name: "test_fraction" },
  { name: "device" },
  { name: "mixed_precision" },
  { name: "early_stopping" },
  { name: "patience", when: (v) => v.early_stopping === true },
  { name: "keep_best" },
  { name: "seed" },
];

/** `TrainingConfig` from the OpenAPI document the service serves. */
export function configSchemaOf(openapi: unknown): ConfigSchema {
  const schema = (openapi as { components?: { schemas?: Record<string, unknown> } })?.components?.schemas
    ?.TrainingConfig as ConfigSchema | undefined;
  if (!schema?.properties) throw new Error("TrainingConfig is missing from /openapi.json");
  return schema;
}

async function fetchConfigSchema(): Promise<ConfigSchema> {
  const response = await fetch(`${globalThis.location?.origin ?? ""}/openapi.json`);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return configSchemaOf(await response.json());
}

let loading: Promise<ConfigSchema> | null = null;
let loaded: ConfigSchema | null = null;

/** The schema once read (null before): a panel opened again has it at once, with no "Loading…". */
export const loadedConfigSchema = (): ConfigSchema | null => loaded;

/** The schema, read once per page (the launch panel, the phase editor and the compare view
 * all label settings with it); a failed read is tried again next time. */
export function loadConfigSchema(): Promise<ConfigSchema> {
  loading ??= fetchConfigSchema()
    .then((schema) => {
      loaded = schema;
      return schema;
    })
    .catch((e: unknown) => {
      loading = null;
      throw e;
    });
  return loading;
}

/** A setting's title in the UI language, or its name when the schema is not there (yet). */
export const settingTitle = (schema: ConfigSchema | null, name: string, lang: Lang): string => {
  const field = schema?.properties[name];
  return field ? titleOf(field, name, lang) : name;
};

/** Every laid-out field at its schema default. */
export function defaults(schema: ConfigSchema): Values {
  const values: Values = {};
  for (const { name } of LAYOUT) {
    const field = schema.properties[name];
    if (!field) continue;
    values[name] = typeof field.default === "boolean" ? field.default : String(field.default ?? "");
  }
  return values;
}

/** Whether a field applies to the chosen dataset: `test_fraction` only to a built-in set
 * whose validation part is not fixed (not a series, not an anomaly set); uploads choose
 * their test set at upload. */
export type Fits = (name: string) => boolean;
export const everyField: Fits = () => true;
export const fitsDataset =
  (builtin: Pick<BuiltinDataset, "validation" | "normal_class"> | undefined): Fits =>
  (name) =>
    name !== "test_fraction" ||
    (builtin !== undefined && builtin.validation !== "time_order" && !builtin.normal_class);

/** The laid-out fields that show for these values (and the dataset) and exist in the schema. */
export const shown = (schema: ConfigSchema, values: Values, fits: Fits = everyField): string[] =>
  LAYOUT.filter((f) => schema.properties[f.name] && fits(f.name) && (f.when?.(values) ?? true)).map(
    (f) => f.name,
  );

export const titleOf = (schema: ParamSchema, name: string, lang: Lang): string =>
  (lang === "ja" ? schema.title_ja : schema.title) ?? schema.title ?? name;

/** An optimizer's display name (`adam` → "Adam"), or its name when the UI has none for it. */
export const optimizerName = (t: TFunction, name: string): string =>
  t(`training.launch.optimizers.${name}`, { defaultValue: name });

/** The UI string key of a choice's label; a choice without one shows its value. */
export const optionKey = (name: string, option: unknown): string =>
  `training.launch.options.${name}.${String(option)}`;

/** What a choice field shows for `option`. */
export const optionLabel = (t: TFunction, name: string, option: unknown): string =>
  name === "optimizer"
    ? optimizerName(t, String(option))
    : t(optionKey(name, option), { defaultValue: String(option) });

/** A half-width column (`.launch-grid`) shows this many half-width characters of a closed
 * select ("exponential decay" is 17, and lost its last letter). */
const HALF_COLUMN = 14;

/** How wide `text` is in half-width characters: a full-width one (Japanese) counts twice. */
const widthOf = (text: string): number =>
  [...text].reduce((sum, c) => sum + (c.charCodeAt(0) > 0xff ? 2 : 1), 0);

/** Whether a choice field needs the launch grid's whole row to show its longest label whole. */
export const needsWholeRow = (labels: readonly string[]): boolean =>
  labels.some((l) => widthOf(l) > HALF_COLUMN);

export const helpOf = (schema: ParamSchema, lang: Lang): string | undefined =>
  (lang === "ja" ? schema.description_ja : schema.description) ?? schema.description;

/** Why a number field's text is refused, with the bound it breaks; null when it is fine. */
export type Problem = { code: "number" } | { code: "integer" } | { code: "range"; bound: string };

export function problemOf(schema: ParamSchema, value: string | boolean): Problem | null {
  if (kindOf(schema) !== "number") return null;
  const text = String(value).trim();
  const n = Number(text);
  if (text === "" || !Number.isFinite(n)) return { code: "number" };
  if (schema.type === "integer" && !Number.isInteger(n)) return { code: "integer" };
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
  if (minimum !== undefined && n < minimum) return { code: "range", bound: `≥ ${minimum}` };
  if (exclusiveMinimum !== undefined && n <= exclusiveMinimum)
    return { code: "range", bound: `> ${exclusiveMinimum}` };
  if (maximum !== undefined && n > maximum) return { code: "range", bound: `≤ ${maximum}` };
  if (exclusiveMaximum !== undefined && n >= exclusiveMaximum)
    return { code: "range", bound: `< ${exclusiveMaximum}` };
  return null;
}

/** The problem of every shown field that has one. */
export function problems(
  schema: ConfigSchema,
  values: Values,
  fits: Fits = everyField,
): Record<string, Problem> {
  const found: Record<string, Problem> = {};
  for (const name of shown(schema, values, fits)) {
    const problem = problemOf(schema.properties[name] as ParamSchema, values[name] ?? "");
    if (problem) found[name] = problem;
  }
  return found;
}

/** The shown fields as the config to send; hidden ones take the server's defaults. */
export function body(schema: ConfigSchema, values: Values, fits: Fits = everyField): TrainingConfig {
  const config: Record<string, unknown> = {};
  for (const name of shown(schema, values, fits)) {
    const field = schema.properties[name] as ParamSchema;
    const value = values[name];
    config[name] = kindOf(field) === "number" ? Number(value) : value;
  }
  return config as TrainingConfig;
}
