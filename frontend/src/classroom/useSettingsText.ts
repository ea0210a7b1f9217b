import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLang } from "../hooks/useLang";
import { type ConfigSchema, loadConfigSchema, optionLabel, settingTitle } from "../training/launchForm";
import { settingsLabelled } from "./settingsLabels";

/** A job's or a publication's settings as text in the UI's language, with the launch form's
 * labels (its titles come with the config schema; until it is read, the settings' names). */
export function useSettingsText(): (config: Record<string, unknown> | null | undefined) => string {
  const { t } = useTranslation();
  const lang = useLang();
  const [schema, setSchema] = useState<ConfigSchema | null>(null);
  useEffect(() => {
    let live = true;
    loadConfigSchema().then(
      (loaded) => live && setSchema(loaded),
      () => undefined, // the names stand in for the titles
    );
    return () => {
      live = false;
    };
  }, []);
  return (config) =>
    settingsLabelled(
      config,
      (name) => settingTitle(schema, name, lang),
      (name, value) => (name === "optimizer" ? optionLabel(t, name, value) : String(value)),
    );
}
