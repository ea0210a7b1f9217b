/**
 * Whether the launch form still trains what a sample's (or a teacher's) note describes: the
 * note holds for the preset's dataset and the form as the preset fills it (its settings, the
 * rest at their defaults); on another dataset, or with a shown setting changed (another
 * optimizer, fewer epochs), the panel says so under the note, offers to restore them, and the
 * job starts without the note.
 */
import type { Values } from "./launchForm";
import { datasetChoice, type Preset } from "./presets";

export type LessonFit = "same" | "otherDataset" | "changedSettings";

/** The same setting, however typed (`0.10` and `0.1` are one learning rate). */
function same(typed: string | boolean | undefined, set: string | boolean | undefined): boolean {
  if (typeof set === "boolean" || typeof typed === "boolean") return typed === set;
  const a = String(typed ?? "").trim();
  const b = String(set ?? "").trim();
  return a === b || (a !== "" && b !== "" && Number(a) === Number(b));
}

/** `lesson`: the form as the preset fills it; `fields`: the fields the form shows now (a hidden
 * one, such as momentum under Adam, trains nothing). */
export function lessonFit(
  preset: Preset | null | undefined,
  dataset: string,
  values: Values,
  lesson: Values,
  fields: readonly string[],
): LessonFit {
  if (!preset) return "same";
  if (preset.dataset && dataset !== datasetChoice(preset.dataset)) return "otherDataset";
  const changed = fields.some((name) => name in lesson && !same(values[name], lesson[name]));
  return changed ? "changedSettings" : "same";
}
