/** Dates and times as the UI's language writes them. `toLocaleString()` without a locale takes the
 * browser's, so a Japanese class on English browsers read "12/7/2026, 9:15:59 AM" in the
 * Japanese UI (accounts, jobs, the class) while the revisions list said "2026/12/07 9:15:59". */
import i18n from "i18next";

/** `moment` in the UI's language (or `lang`): "12/7/2026, 9:15:59 AM", "2026/12/7 9:15:59". */
export function formatMoment(moment: string | number | Date, lang: string = i18n.language): string {
  return new Date(moment).toLocaleString(lang || undefined);
}
