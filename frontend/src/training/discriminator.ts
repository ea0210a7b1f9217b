/** A GAN's discriminator heads (docs/GRAPH_UNITS_AND_NETWORKS.md §3): losses whose target is
 * the constant `zeros` (fake) or `ones` (real). Each such head only ever sees one class, so
 * a classifier's report of it (confusion matrix, per-class scores) says little; the job page
 * shows, per head, how often the discriminator gives the answer the loss asks for. */
import type { Evaluation } from "../api/jobs";

export const CONSTANT_TARGETS = new Set(["zeros", "ones"]);

type HeadReport = Evaluation & { target?: string; head?: string };

export interface DiscriminatorRow {
  loss: string;
  head: string;
  /** The answer the loss asks for: "real" (ones) or "fake" (zeros). */
  wanted: "real" | "fake";
  /** How often the head gives that answer (its accuracy), or undefined. */
  right: number | undefined;
}

function reports(evaluation: Evaluation): [string, HeadReport][] {
  return Object.entries((evaluation.heads ?? {}) as Record<string, HeadReport>);
}

/** Whether every head of an evaluation compares with a constant (zeros/ones) or with nothing
 * (a KL term), at least one with a constant: a GAN's, whose classifier views would mislead. */
export function isDiscriminatorOnly(evaluation: Evaluation | null | undefined): boolean {
  if (!evaluation) return false;
  const targets = reports(evaluation).map(([, r]) => r.target ?? "");
  return (
    targets.some((t) => CONSTANT_TARGETS.has(t)) &&
    targets.every((t) => CONSTANT_TARGETS.has(t) || t === "none")
  );
}

/** One row per constant-target head, in the evaluation's order. */
export function discriminatorRows(evaluation: Evaluation): DiscriminatorRow[] {
  return reports(evaluation)
    .filter(([, r]) => CONSTANT_TARGETS.has(r.target ?? ""))
    .map(([loss, r]) => ({
      loss,
      head: r.head ?? loss,
      wanted: r.target === "ones" ? "real" : "fake",
      right: r.accuracy ?? undefined,
    }));
}

/** A discriminator's class name as "fake" or "real" (a job trained before the names were
 * given answers "0" and "1"); null for any other name. */
export function verdictOf(name: string): "fake" | "real" | null {
  if (name === "fake" || name === "0") return "fake";
  if (name === "real" || name === "1") return "real";
  return null;
}
