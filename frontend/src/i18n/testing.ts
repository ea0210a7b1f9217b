/** For unit tests: the app's English and Japanese messages in an i18next instance of their
 * own (the app's is not touched), and a `t` fixed to each language. */
import i18next from "i18next";
import { en } from "./en";
import { ja } from "./ja";

export function testTranslations() {
  const i18n = i18next.createInstance();
  void i18n.init({
    resources: { en: { translation: en }, ja: { translation: ja } },
    lng: "en",
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return { tEn: i18n.getFixedT("en"), tJa: i18n.getFixedT("ja") };
}
