import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { ask } from "../store/confirmStore";
import { replaceDocument } from "../store/documentHistory";

/** Replace the open document (New, a sample, Open, Import...), asking first when that discards unsaved work. */
export function useReplaceDocument(): (load: () => Promise<void>) => Promise<boolean> {
  const { t } = useTranslation();
  return useCallback(
    (load) =>
      replaceDocument(load, (name) =>
        // discarding work is red; Undo brings it back, so the keyboard starts on Discard
        ask(t("discardQuestion", { name: name || t("untitled") }), t("discard"), { danger: true }),
      ),
    [t],
  );
}
