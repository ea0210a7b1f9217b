/** The editor's clipboard: copied layers, pasted further down-right each time. */
import type { Clip } from "./graphStore";

let held: Clip | null = null;
let pastes = 0;

export const clipboard = {
  copy(clip: Clip): void {
    if (clip.nodes.length === 0) return;
    held = clip;
    pastes = 0;
  },
  paste(into: (clip: Clip) => void): void {
    if (!held) return;
    pastes += 1;
    const shift = 40 * (pastes - 1);
    into({
      ...held,
      nodes: held.nodes.map((n) => ({
        ...n,
        position: { x: n.position.x + shift, y: n.position.y + shift },
      })),
      edges: held.edges,
    });
  },
};
