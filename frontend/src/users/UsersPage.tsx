/**
 * `#/users`: a teacher's students ("Students") or, for an admin, every account ("Accounts"). It lists
 * them, adds one by name or many from pasted names or a CSV file (`names.ts`), and resets a password.
 * Every password the service generates is shown once (`Passwords`), to copy or download as CSV.
 */
import { type FormEvent, Fragment, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Account, type Added, type Role, usersApi } from "../api/users";
import { useAuthStore } from "../auth/authStore";
import { ask } from "../store/confirmStore";
import { LimitsForm } from "./LimitsForm";
import { parseNames } from "./names";
import { Passwords } from "./Passwords";
import "./users.css";
import { FileInput } from "../components/FileInput";
import { formatMoment } from "../components/moment";

const ROLES: Role[] = ["student", "teacher", "admin"];
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The role select of an admin's add forms; a teacher adds students only and sees none. */
function RoleSelect({ role, onChange }: { role: Role; onChange: (role: Role) => void }) {
  const { t } = useTranslation();
  return (
    <label className="users-role">
      {t("users.role")}
      <select data-testid="users-role" value={role} onChange={(e) => onChange(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`auth.roles.${r}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Add one account by name, or many from pasted names or a chosen CSV file of names. */
function AddForms({
  admin,
  onAdd,
}: {
  admin: boolean;
  onAdd: (names: string[], role: Role) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role>("student");
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const names = parseNames(text);

  const add = async (event: FormEvent, wanted: string[], clear: () => void) => {
    event.preventDefault();
    if (wanted.length === 0) return;
    setBusy(true);
    if (await onAdd(wanted, admin ? role : "student")) clear();
    setBusy(false);
  };
  const choose = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };

  return (
    <section className="users-add">
      {admin && <RoleSelect role={role} onChange={setRole} />}
      <form className="users-add-one" onSubmit={(e) => void add(e, [name.trim()], () => setName(""))}>
        <h2>{t("users.addOne")}</h2>
        <label>
          {t("users.name")}
          <input
            data-testid="users-name"
            value={name}
            autoCapitalize="none"
            spellCheck={false}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" data-testid="users-add-one" disabled={busy || !name.trim()}>
          {t("users.add")}
        </button>
      </form>
      <form className="users-add-many" onSubmit={(e) => void add(e, names, () => setText(""))}>
        <h2>{t("users.addMany")}</h2>
        <p className="muted">{t("users.addManyHelp")}</p>
        <textarea
          data-testid="users-names"
          rows={6}
          value={text}
          spellCheck={false}
          placeholder={"hana\nken\nyui"}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="users-file">
          {t("users.chooseFile")}
          <FileInput
            accept=".csv,.txt,text/csv,text/plain"
            data-testid="users-file"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </label>
        <button
          type="submit"
          className="primary"
          data-testid="users-add-many"
          disabled={busy || names.length === 0}
        >
          {t("users.addCount", { count: names.length })}
        </button>
      </form>
    </section>
  );
}

function AccountsTable({
  accounts,
  me,
  admin,
  onReset,
}: {
  accounts: Account[];
  me: number;
  admin: boolean;
  onReset: (a: Account) => void;
}) {
  const { t } = useTranslation();
  const [limitsOf, setLimitsOf] = useState<number | null>(null); // an admin's open limits form
  return (
    <table className="data-table users-table" data-testid="users-table">
      <thead>
        <tr>
          <th>{t("users.name")}</th>
          <th>{t("users.role")}</th>
          <th>{t("users.created")}</th>
          <th>{t("users.mustChange")}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {accounts.map((account) => (
          <Fragment key={account.id}>
            <tr data-testid={`users-row-${account.name}`}>
              <td>{account.name}</td>
              <td>{t(`auth.roles.${account.role}`)}</td>
              <td>{formatMoment(account.created_at)}</td>
              <td data-testid="users-must-change">{account.must_change_password ? t("users.yes") : "–"}</td>
              <td>
                {account.id !== me && (
                  <button
                    type="button"
                    data-testid={`users-reset-${account.name}`}
                    onClick={() => onReset(account)}
                  >
                    {t("users.reset")}
                  </button>
                )}{" "}
                {admin && (
                  <button
                    type="button"
                    data-testid={`users-limits-open-${account.name}`}
                    onClick={() => setLimitsOf(limitsOf === account.id ? null : account.id)}
                  >
                    {t("users.limits")}
                  </button>
                )}
              </td>
            </tr>
            {admin && limitsOf === account.id && (
              <tr>
                <td colSpan={5}>
                  <LimitsForm account={account} />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const user = useAuthStore((s) => s.user);
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [handedOut, setHandedOut] = useState<Added[] | null>(null);
  const refresh = useCallback(() => {
    usersApi.list().then(setAccounts, (e: unknown) => setError(message(e)));
  }, []);
  useEffect(() => refresh(), [refresh]);
  if (!user || user.role === "student") return null;
  const admin = user.role === "admin";

  const add = async (names: string[], role: Role): Promise<boolean> => {
    setError(null);
    try {
      setHandedOut(await usersApi.add(names.map((name) => ({ name, role }))));
      refresh();
      return true;
    } catch (e) {
      setError(message(e)); // the service names the name it refused
      return false;
    }
  };
  const reset = async (account: Account) => {
    if (!(await ask(t("users.resetConfirm", { name: account.name }), t("users.reset")))) return;
    setError(null);
    try {
      setHandedOut([await usersApi.reset(account.id)]);
      refresh();
    } catch (e) {
      setError(message(e));
    }
  };

  return (
    <div className="jobs-page users-page" data-testid="users-page">
      <h1>{t(`users.title_${user.role}`)}</h1>
      <p className="muted">{t(admin ? "users.intro_admin" : "users.intro_teacher")}</p>
      {error && (
        <div className="launch-error" role="alert" data-testid="users-error">
          {error}
        </div>
      )}
      {handedOut && <Passwords rows={handedOut} onDone={() => setHandedOut(null)} />}
      <AddForms admin={admin} onAdd={add} />
      {accounts !== null && accounts.length === 0 && <p className="muted">{t("users.empty")}</p>}
      {accounts !== null && accounts.length > 0 && (
        <AccountsTable accounts={accounts} me={user.id} admin={admin} onReset={(a) => void reset(a)} />
      )}
    </div>
  );
}
