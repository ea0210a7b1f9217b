import { useCallback, useEffect, useState } from "react";

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What `load` answers, asked at once and then every `everyMs` while the component is mounted;
 * the last error's message until an answer comes; `refresh` asks again now. `load` must be stable
 * (a module function, or memoised). */
export function usePolled<T>(load: () => Promise<T>, everyMs: number) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    load().then(
      (answer) => {
        setValue(answer);
        setError(null);
      },
      (e: unknown) => setError(message(e)),
    );
  }, [load]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, everyMs);
    return () => clearInterval(timer);
  }, [refresh, everyMs]);
  return { value, error, refresh };
}
