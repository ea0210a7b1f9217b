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
