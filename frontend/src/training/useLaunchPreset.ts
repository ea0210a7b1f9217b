import { useMemo } from "react";
import { useSessionStore } from "../store/sessionStore";
import { type Preset, presetOf } from "./presets";

/**
 * The open document's launch preset: a saved network's (kept per network), or the one that came
 * with a never-saved sample. The same settings give the same object, whichever holds them, so
 * saving a sample (its preset moves from the session to the network) is no new preset to apply.
 */
export function useLaunchPreset(): Preset | null {
  const networkId = useSessionStore((s) => s.networkId);
  const unsaved = useSessionStore((s) => s.preset);
  const found = networkId === null ? unsaved : presetOf(networkId);
  const key = found ? JSON.stringify(found) : "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by content, not by object
  return useMemo(() => found, [key]);
}
