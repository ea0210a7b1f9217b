import { useMemo } from "react";
import { useSessionStore } from "../store/sessionStore";
import { type Preset, presetOf } from "./presets";

/**
 * The open document's launch preset: the one that came with it (a never-saved sample's, or the
 * lesson of the sample a saved network names on the server), else what this browser kept for the
 * saved network (networks saved before the server kept their sample, class copies). The same
 * settings give the same object, whichever holds them, so saving a sample is no new preset to apply.
 */
export function useLaunchPreset(): Preset | null {
  const networkId = useSessionStore((s) => s.networkId);
  const unsaved = useSessionStore((s) => s.preset);
  const found = networkId === null ? unsaved : (unsaved ?? presetOf(networkId));
  const key = found ? JSON.stringify(found) : "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by content, not by object
  return useMemo(() => found, [key]);
}
