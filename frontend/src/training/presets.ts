/**
 * Launch settings that come with a network copied from the class (a sample with its settings): the
 * dataset and training config its teacher published, kept per network in localStorage so a reload
 * keeps them; the launch panel starts from them instead of the defaults.
 */
import type { TrainingConfig } from "../api/jobs";
import type { Values } from "./launchForm";

export interface Preset {
  dataset: string | null;
  config: Record<string, unknown> | null;
}

const KEY = "netcanvas.launchPresets";

function all(): Record<string, Preset> {
  try {
    const found: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? "{}");
    return found && typeof found === "object" ? (found as Record<string, Preset>) : {};
  } catch {
    return {};
  }
}

export function keepPreset(networkId: number, preset: Preset): void {
  globalThis.localStorage?.setItem(KEY, JSON.stringify({ ...all(), [networkId]: preset }));
}

export function presetOf(networkId: number | null): Preset | null {
  return networkId === null ? null : (all()[String(networkId)] ?? null);
}

/** The launch panel's dataset choice for a preset's dataset: uploads are chosen by id. */
export const datasetChoice = (dataset: string | null): string => (dataset ?? "").replace(/^upload:/, "");

/** The form's values with a preset's config laid over them (numbers as the text typed). */
export function withConfig(values: Values, config: Record<string, unknown> | null | TrainingConfig): Values {
  const merged: Values = { ...values };
  for (const [name, value] of Object.entries(config ?? {})) {
    if (!(name in values)) continue;
    merged[name] = typeof value === "boolean" ? value : String(value);
  }
  return merged;
}
