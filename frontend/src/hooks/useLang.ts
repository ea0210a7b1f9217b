import { useTranslation } from "react-i18next";
import type { Lang } from "../api/models";

/** The UI language as a catalogue key ("en" or "ja"). */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language.startsWith("ja") ? "ja" : "en";
}
