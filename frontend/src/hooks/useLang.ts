import i18n from "i18next";
import { useSyncExternalStore } from "react";
import type { Lang } from "../api/models";

// One subscription to i18next per user of the hook, and no translation function: every node
// of the canvas asks for the language, and `useTranslation` would cost a thousand nodes
// about a fifth of their first render.
function subscribe(onChange: () => void): () => void {
  i18n.on("languageChanged", onChange);
  return () => i18n.off("languageChanged", onChange);
}

/** The UI language now, outside React: whether an answer came in the language still shown. */
export function currentLang(): Lang {
  return i18n.language?.startsWith("ja") ? "ja" : "en";
}

/** The UI language as a catalogue key ("en" or "ja"). */
export function useLang(): Lang {
  return useSyncExternalStore(subscribe, currentLang);
}
