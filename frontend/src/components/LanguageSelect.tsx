/** The English/Japanese switch shown in every view's header. */
import { useTranslation } from "react-i18next";
import { useLang } from "../hooks/useLang";
import { setLanguage } from "../i18n";

export function LanguageSelect() {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <select
      className="language"
      data-testid="language"
      aria-label={t("language")}
      value={lang}
      onChange={(e) => setLanguage(e.target.value === "ja" ? "ja" : "en")}
    >
      <option value="en">English</option>
      <option value="ja">日本語</option>
    </select>
  );
}
