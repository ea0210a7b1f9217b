/** The editor's clipboard: copied layers; each paste finds a free spot beside them
 * (`graphStore.paste`), so pastes lie side by side. */
import type { Clip } from "./graphStore";

let held: Clip | null = null;

export const clipboard = {
  copy(clip: Clip): void {
    if (clip.nodes.length === 0) return;
    held = clip;
  },
  paste(into: (clip: Clip) => void): void {
    if (held) into(held);
  },
};
