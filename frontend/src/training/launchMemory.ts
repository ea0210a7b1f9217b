/**
 * What the launch panel was set to, kept while the panel is closed: closing and opening it again
 * (to fix the network, say) must not put a sample's dataset and settings back over the user's
 * choices. Kept per document (its network id and preset), in memory only.
 */
import type { Values } from "./launchForm";

export interface LaunchForm {
  dataset: string;
  values: Values;
  initFrom: string | null;
  freeze: string[];
}

/** The document a form is kept for: its network id and launch preset. */
export const launchFormKey = (networkId: number | null, preset: unknown): string =>
  `${networkId}|${preset ? JSON.stringify(preset) : ""}`;

let kept: { key: string; form: LaunchForm } | null = null;
const listeners = new Set<() => void>();

/** The form last left for the document `key`, or null when there is none. */
export function recallLaunchForm(key: string): LaunchForm | null {
  return kept && kept.key === key ? kept.form : null;
}

export function keepLaunchForm(key: string, form: LaunchForm): void {
  kept = { key, form };
  for (const listener of listeners) listener();
}

/** Be told each time a form is kept (the augmentation Preview follows the panel's dataset);
 * gives back the call that stops it. */
export function onLaunchFormKept(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
