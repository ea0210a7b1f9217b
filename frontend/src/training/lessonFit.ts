/**
 * Whether the launch form still trains what a sample's (or a teacher's) note describes: the
 * note holds for the preset's dataset and the settings it sets; on another dataset, or with one
 * of those settings changed, the panel says so under the note (and offers to restore them).
 */
import type { Values } from "./launchForm";
import { datasetChoice, type Preset } from "./presets";

export type LessonFit = "same" | "otherDataset" | "changedSettings";

/** The same setting, however typed (`0.10` and `0.1` are one learning rate). */
function same(typed: string | boolean | undefined, set: unknown): boolean {
  if (typeof set === "boolean" || typeof typed === "boolean") return typed === set;
  const a = String(typed ?? "").trim();
  const b = String(set ?? "");
  return a === b || (a !== "" && Number(a) === Number(b));
}

export function lessonFit(preset: Preset | null | undefined, dataset: string, values: Values): LessonFit {
  if (!preset) return "same";
  if (preset.dataset && dataset !== datasetChoice(preset.dataset)) return "otherDataset";
  const changed = Object.entries(preset.config ?? {}).some(
    ([name, set]) => name in values && !same(values[name], set),
  );
  return changed ? "changedSettings" : "same";
}
