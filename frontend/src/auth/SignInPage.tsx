/** The sign-in page of a server with accounts: user name, password, the language, and why it failed. */
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/http";
import { LanguageSelect } from "../components/LanguageSelect";
import { useLang } from "../hooks/useLang";
import { useAuthStore } from "./authStore";
import { signIn } from "./session";
import "./auth.css";

export function SignInPage() {
  const { t } = useTranslation();
  const expired = useAuthStore((s) => s.expired);
  const holder = useAuthStore((s) => s.holder);
  const [username, setUsername] = useState(expired ? (holder?.name ?? "") : "");
  const [password, setPassword] = useState("");
  const lang = useLang();
  // The refusal comes worded in the language it was asked in: another language hides it.
  const [error, setError] = useState<{ text: string; lang: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordInput = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (e) {
      // A wrong name and a wrong password get the same answer (the service's, in the UI's language).
      const message = e instanceof Error ? e.message : String(e);
      const text = e instanceof ApiError && e.status === 401 ? message : t("auth.failed", { message });
      setError({ text, lang });
      setPassword("");
      passwordInput.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="app page">
      <header className="toolbar page-toolbar">
        <div className="brand">
          <span className="brand-mark">◆</span> {t("app")}
        </div>
        <div className="toolbar-spacer" />
        <LanguageSelect />
      </header>
      <main className="page-main sign-in-page">
        <form className="sign-in" data-testid="sign-in" onSubmit={(e) => void submit(e)}>
          <h1>{t("auth.title")}</h1>
          <p className="muted">{t("auth.intro")}</p>
          {expired && (
            <p className="sign-in-note" data-testid="sign-in-expired">
              {t("auth.expired")}
            </p>
          )}
          <label>
            {t("auth.userName")}
            <input
              data-testid="sign-in-username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </label>
          <label>
            {t("auth.password")}
            <input
              ref={passwordInput}
              data-testid="sign-in-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {error?.lang === lang && (
            <p className="sign-in-error" role="alert" data-testid="sign-in-error">
              {error.text}
            </p>
          )}
          <button type="submit" className="primary" data-testid="sign-in-submit" disabled={busy}>
            {busy ? t("auth.signingIn") : t("auth.signIn")}
          </button>
        </form>
      </main>
    </div>
  );
}
