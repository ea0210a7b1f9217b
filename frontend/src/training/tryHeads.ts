/** Which answers try-it shows, and under which heading (TryIt.tsx). With several heads every
 * head is shown under "Head <id>", the primary first, all alike; with one, the answer alone.
 * A GAN's (discriminator.ts) shows its primary head only: the discriminator looking at the
 * drawn image, while its other heads look at generated images and ignore the drawing. */

export interface Section<A> {
  /** The head's node id, shown as its heading; null: the only answer, no heading. */
  head: string | null;
  answer: A;
}

export function headSections<A extends { heads?: Record<string, A> | null }>(
  answer: A,
  discriminatorOnly = false,
): Section<A>[] {
  const heads = Object.entries(answer.heads ?? {});
  if (heads.length < 2 || discriminatorOnly) return [{ head: null, answer }];
  return heads.map(([head, one]) => ({ head, answer: one }));
}

/** Which target each head answers, by head node id: each loss's input node is a head and its
 * `target` param the variable (`label` or none: `y`; `input`, `input:x2` as they are). A loss
 * is a node whose type `isLoss` says (the catalogue's loss category). */
export function headTargets(
  graph: {
    nodes: readonly { id: string; type: string; params?: Record<string, unknown> | null }[];
    edges?: readonly { source: string; target: string }[];
  },
  isLoss: (type: string) => boolean,
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const node of graph.nodes) {
    if (!isLoss(node.type)) continue;
    const raw = node.params?.target;
    const variable = typeof raw === "string" && raw !== "label" ? raw : "y";
    for (const edge of graph.edges ?? []) {
      if (edge.target === node.id && found[edge.source] === undefined) found[edge.source] = variable;
    }
  }
  return found;
}

/** A head's heading text: its id and, when known, the target it answers ("linear3 · y2"). */
export function headTitle(head: string, targets: Record<string, string>): string {
  const target = targets[head];
  return target ? `${head} · ${target}` : head;
}
