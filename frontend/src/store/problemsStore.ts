/**
 * Whether the problems list (under the validity summary) is open, so that other parts of the
 * editor (the launch panel's "Show problems") can open it; and how many errors an answer holds.
 */
import { create } from "zustand";
import type { FullResult } from "./validationStore";

interface ProblemsState {
  open: boolean;
  setOpen(open: boolean): void;
}

export const useProblemsStore = create<ProblemsState>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));

/** The errors of the whole document's answer: the network's and every unit's. */
export function errorCount(full: FullResult | null): number {
  const units = Object.values(full?.units ?? {});
  return (full?.errors?.length ?? 0) + units.reduce((sum, u) => sum + (u.errors?.length ?? 0), 0);
}

/** How many errors keep a job from starting: those of an answer for the graph as it is now
 * (not `pending`, the service reached); null while there is no such answer, or it is valid, so
 * that a slow or missing answer never blocks a start (the service validates it anyway). */
export function startBlockers(
  full: FullResult | null,
  pending: boolean,
  unreachable: boolean,
): number | null {
  if (!full || pending || unreachable || full.valid) return null;
  return Math.max(errorCount(full), 1);
}

/** Whether an answer says the network cannot train though it may have no error: it has no loss
 * (`graph.no_loss`, a warning, since such a graph can still be checked and exported). */
export const lacksLoss = (full: FullResult | null): boolean =>
  full?.warnings?.some((w) => w.code === "graph.no_loss") ?? false;

/** Whether Start should wait for a loss: an answer for the graph as it is now (not `pending`, the
 * service reached) says it has none. As with `startBlockers`, no answer blocks nothing. */
export const startNeedsLoss = (full: FullResult | null, pending: boolean, unreachable: boolean): boolean =>
  !pending && !unreachable && lacksLoss(full);
