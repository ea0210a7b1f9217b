import { startTransition, useEffect, useState } from "react";

const NOT_YET = Symbol("not painted yet");

/**
 * Whether the first frame since mounting, or since `key` last changed, has been painted. What
 * waits for it (the minimap, the statistics rows: `key` is the load's `fitRequest`) leaves a
 * newly loaded graph's first frame, so a large graph shows sooner; it renders in a transition.
 */
export function usePaintedSince(key: unknown): boolean {
  const [painted, setPainted] = useState<unknown>(NOT_YET);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A frame's callbacks run before it is painted; a task they queue runs after.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setPainted(key)));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [key]);
  return painted === key;
}
