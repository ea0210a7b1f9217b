/** The training settings' schema (titles in both languages, bounds), once loaded; null until
 * then or when it cannot be read (callers fall back to the field's name). */
import { useEffect, useState } from "react";
import { type ConfigSchema, loadConfigSchema } from "../training/launchForm";

export function useConfigSchema(): ConfigSchema | null {
  const [schema, setSchema] = useState<ConfigSchema | null>(null);
  useEffect(() => {
    let live = true;
    loadConfigSchema().then(
      (loaded) => live && setSchema(loaded),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return schema;
}
