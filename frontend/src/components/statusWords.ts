/**
 * What the validity summary (`GraphStatus`) says. An empty network gets a hint instead of the
 * validation's counts: its "no Input, no loss" problems are true, but not news to someone who
 * has not placed anything yet (the API's answer is unchanged; only the summary words it so).
 */
import type { GraphState } from "../store/graphStore";

type Translate = (key: string, values?: Record<string, unknown>) => string;

export interface StatusWords {
  label: string;
  /** The warnings to count beside the label (none for an empty network). */
  warnings: number;
  tone: "ok" | "bad" | "empty" | "untrainable";
}

/** Whether the document has no node at all: none on the network's canvas, and no units. */
export function isEmptyNetwork(state: Pick<GraphState, "tab" | "nodes" | "network" | "units">): boolean {
  const nodes = state.tab === null ? state.nodes : (state.network?.nodes ?? []);
  return nodes.length === 0 && state.units.length === 0;
}

export function statusWords(
  t: Translate,
  s: {
    unreachable: boolean;
    checked: boolean;
    valid: boolean;
    errors: number;
    warnings: number;
    empty: boolean;
    /** The answer warns that the network has no loss (`graph.no_loss`): valid, but not trainable. */
    noLoss?: boolean;
  },
): StatusWords {
  if (s.unreachable) return { label: t("unreachable"), warnings: 0, tone: "bad" };
  if (s.empty) return { label: t("emptyStatus"), warnings: 0, tone: "empty" };
  if (!s.checked) return { label: t("checking"), warnings: 0, tone: "bad" };
  // "Valid" alone would promise a network that trains; the no-loss warning is the label then.
  if (s.valid && s.noLoss)
    return { label: t("validNoLoss"), warnings: Math.max(s.warnings - 1, 0), tone: "untrainable" };
  if (s.valid) return { label: t("valid"), warnings: s.warnings, tone: "ok" };
  return { label: t("invalid", { count: s.errors }), warnings: s.warnings, tone: "bad" };
}
