/**
 * Where a run's weights start: from scratch, an earlier job of the user's (its id), or weights
 * that ship with NetCanvas ("pretrained:<name>"). A sample's lesson may name the start and the
 * nodes to freeze in its config; the launch panel preselects them.
 */
import type { Lang } from "../api/models";

export const PRETRAINED_PREFIX = "pretrained:";

/** The `init_from` a preset's config names, or null for training from scratch. */
export function initFromOf(config: Record<string, unknown> | null | undefined): string | null {
  const value = config?.init_from;
  return typeof value === "string" && value !== "" ? value : null;
}

/** The node ids a preset's config freezes. */
export function freezeOf(config: Record<string, unknown> | null | undefined): string[] {
  const value = config?.freeze;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The option text of one shipped set of weights: its title and held-out accuracy. */
export function pretrainedLabel(
  entry: { name: string; title: string; title_ja: string; accuracy: number },
  lang: Lang,
): string {
  const title = lang === "ja" ? entry.title_ja || entry.title : entry.title;
  return `${entry.name} — ${title} (${(entry.accuracy * 100).toFixed(1)} %)`;
}

/** "before → after" figures of a run that started from weights: the summary's start_ fields. */
export interface StartVsEnd {
  metric: "accuracy" | "loss";
  before: number;
  after: number;
}

export function startVsEnd(summary: Record<string, unknown> | null | undefined): StartVsEnd | null {
  if (!summary) return null;
  for (const metric of ["accuracy", "loss"] as const) {
    const before = summary[`start_val_${metric}`];
    const after = summary[`val_${metric}`];
    if (typeof before === "number" && typeof after === "number") return { metric, before, after };
  }
  return null;
}

/** How an earlier job's weights meet the network shown: `shared` nodes take them (same id and a
 * weight of the same shape, as the worker copies key by key); with none, the start cannot run,
 * and `reshaped` (same id, other shapes) or `theirs` (the job's nodes with weights) say why. */
export interface StartFit {
  shared: string[];
  reshaped: string[];
  theirs: string[];
}

const parts = (weights: string): Set<string> => new Set(weights.split(", "));

/** The fit of a job's `weights` (`GET /api/jobs?weights=true`) with the validation answer's
 * nodes; null when either is not known (the server checks again at launch). */
export function startFit(
  theirs: Record<string, string> | null | undefined,
  ours: Record<string, { weights?: string | null }> | null | undefined,
): StartFit | null {
  if (!theirs || !ours) return null;
  const shared: string[] = [];
  const reshaped: string[] = [];
  for (const [node, report] of Object.entries(ours)) {
    const earlier = theirs[node];
    if (!report.weights || earlier === undefined) continue;
    const mine = parts(report.weights);
    if ([...parts(earlier)].some((part) => mine.has(part))) shared.push(node);
    else reshaped.push(node);
  }
  return { shared, reshaped, theirs: Object.keys(theirs) };
}

/** Whether a fit leaves the network nothing to start from. */
export const unfit = (fit: StartFit | null): fit is StartFit => fit !== null && fit.shared.length === 0;

/** Shipped weights' nodes and weight shapes, from the catalogue's keys ("conv1.weight": [8, 1, 5,
 * 5]), as `weights` tells a job's ("weight 8×1×5×5, bias 8"). */
export function shippedWeights(keys: Record<string, number[]>): Record<string, string> {
  const byNode: Record<string, string[]> = {};
  for (const [key, shape] of Object.entries(keys)) {
    const dot = key.indexOf(".");
    const node = dot < 0 ? key : key.slice(0, dot);
    byNode[node] = [...(byNode[node] ?? []), `${key.slice(dot + 1)} ${shape.join("×")}`];
  }
  return Object.fromEntries(Object.entries(byNode).map(([node, parts]) => [node, parts.join(", ")]));
}
