/** Generated passwords, shown this once: a table to copy or download as CSV, with the warning that
 * they are not shown again (the service keeps only their hashes). */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Added } from "../api/users";
import { download } from "../components/download";
import { passwordsCsv } from "./names";

export function Passwords({ rows, onDone }: { rows: Added[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const csv = passwordsCsv(rows);
  const copy = async () => {
    await navigator.clipboard.writeText(csv);
    setCopied(true);
  };
  return (
    <section className="users-passwords" data-testid="users-passwords">
      <h2>{t("users.passwordsTitle", { count: rows.length })}</h2>
      <p className="users-warning" role="alert">
        {t("users.passwordsWarning")}
      </p>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t("users.name")}</th>
            <th>{t("users.role")}</th>
            <th>{t("users.password")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name} data-testid={`users-password-${row.name}`}>
              <td>{row.name}</td>
              <td>{t(`auth.roles.${row.role}`)}</td>
              <td>
                <code data-testid="users-password">{row.password}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="users-actions">
        <button type="button" data-testid="users-copy" onClick={() => void copy()}>
          {copied ? t("users.copied") : t("users.copy")}
        </button>
        <button type="button" data-testid="users-download" onClick={() => download("passwords.csv", csv)}>
          {t("users.download")}
        </button>
        <button type="button" data-testid="users-passwords-done" onClick={onDone}>
          {t("users.done")}
        </button>
      </div>
    </section>
  );
}
