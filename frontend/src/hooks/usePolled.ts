import { useCallback, useEffect, useRef, useState } from "react";
import { type Polling, startPolling } from "./polling";

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What `load` answers, asked at once and then every `everyMs` (once only when null) while the
 * component is mounted; the last error's message until an answer comes; `refresh` asks again
 * now. `load` must be stable (a module function, or memoised): a new one (a new filter) starts
 * asking afresh, and an answer the old one still gets is dropped. */
export function usePolled<T>(load: () => Promise<T>, everyMs: number | null) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const polling = useRef<Polling | null>(null);
  useEffect(() => {
    const started = startPolling(
      load,
      everyMs,
      (answer) => {
        setValue(answer);
        setError(null);
      },
      (e) => setError(message(e)),
    );
    polling.current = started;
    return () => started.stop();
  }, [load, everyMs]);
  const refresh = useCallback(() => polling.current?.ask(), []);
  return { value, error, refresh };
}
