/** Before anything else for a user whose password was handed out (`must_change_password`): the
 * one-time password, a new one twice. Every other route answers 403 until it is changed. */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSelect } from "../components/LanguageSelect";
import { useLang } from "../hooks/useLang";
import { Account } from "./Account";
import { changeOneTimePassword } from "./session";
import "./auth.css";

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<{ text: string; lang: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== again) {
      setError({ text: t("auth.change.differ"), lang });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changeOneTimePassword(current, next);
    } catch (e) {
      setError({ text: e instanceof Error ? e.message : String(e), lang }); // the service's, localised
      setBusy(false);
    }
  };

  const field = (
    id: string,
    label: string,
    value: string,
    set: (v: string) => void,
    autoComplete: string,
  ) => (
    <label>
      {label}
      <input
        data-testid={`change-${id}`}
        type="password"
        autoComplete={autoComplete}
        required
        value={value}
        onChange={(e) => set(e.target.value)}
      />
    </label>
  );

  return (
    <div className="app page">
      <header className="toolbar page-toolbar">
        <div className="brand">
          <span className="brand-mark">◆</span> {t("app")}
        </div>
        <div className="toolbar-spacer" />
        <Account />
        <LanguageSelect />
      </header>
      <main className="page-main sign-in-page">
        <form className="sign-in" data-testid="change-password" onSubmit={(e) => void submit(e)}>
          <h1>{t("auth.change.title")}</h1>
          <p className="muted">{t("auth.change.intro")}</p>
          {field("current", t("auth.change.current"), current, setCurrent, "current-password")}
          {field("new", t("auth.change.new"), next, setNext, "new-password")}
          {field("again", t("auth.change.again"), again, setAgain, "new-password")}
          {error?.lang === lang && (
            <p className="sign-in-error" role="alert" data-testid="change-error">
              {error.text}
            </p>
          )}
          <button type="submit" className="primary" data-testid="change-submit" disabled={busy}>
            {t("auth.change.submit")}
          </button>
        </form>
      </main>
    </div>
  );
}
