/** The loop behind `usePolled`, apart from React so it can be tested: ask `load` now and every
 * `everyMs` (once only when null); an answer reaches `onAnswer` only while the loop runs, so one
 * that comes after `stop` (the filter changed, the page closed) never overwrites a newer one. */
export interface Polling {
  /** Ask again now. */
  ask(): void;
  stop(): void;
}

export function startPolling<T>(
  load: () => Promise<T>,
  everyMs: number | null,
  onAnswer: (value: T) => void,
  onError: (error: unknown) => void,
): Polling {
  let live = true;
  const ask = () => {
    load().then(
      (value) => live && onAnswer(value),
      (error: unknown) => live && onError(error),
    );
  };
  ask();
  const timer = everyMs === null ? undefined : setInterval(ask, everyMs);
  return {
    ask: () => live && ask(),
    stop: () => {
      live = false;
      clearInterval(timer);
    },
  };
}
