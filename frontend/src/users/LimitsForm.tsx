/** An admin sets one account's limits (`PUT /api/users/{id}/limits`), as `netcanvas users limits`
 * does: each field empty takes the server's setting, shown beside it; what the account uses now
 * is said under them. A refusal (an upload above the server's, say) is the service's words. */
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Account, type LimitOverrides, type UserLimits, usersApi } from "../api/users";

const FIELDS = ["max_running_jobs", "max_active_jobs", "max_upload_mb", "max_storage_mb"] as const;
type Field = (typeof FIELDS)[number];
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The overrides the fields say: a whole number, or null (empty: the server's). */
export function overridesOf(fields: Record<Field, string>): LimitOverrides {
  const figure = (text: string) => (text.trim() === "" ? null : Number(text.trim()));
  return Object.fromEntries(FIELDS.map((f) => [f, figure(fields[f])])) as LimitOverrides;
}

const fieldsOf = (limits: UserLimits): Record<Field, string> =>
  Object.fromEntries(
    FIELDS.map((f) => [f, limits.overrides[f] == null ? "" : String(limits.overrides[f])]),
  ) as Record<Field, string>;

export function LimitsForm({ account }: { account: Account }) {
  const { t } = useTranslation();
  const [limits, setLimits] = useState<UserLimits | null>(null);
  const [fields, setFields] = useState<Record<Field, string> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    usersApi.limits(account.id).then(
      (answer) => {
        setLimits(answer);
        setFields(fieldsOf(answer));
      },
      (e: unknown) => setError(message(e)),
    );
  }, [account.id]);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!fields) return;
    setError(null);
    setSaved(false);
    try {
      const answer = await usersApi.setLimits(account.id, overridesOf(fields));
      setLimits(answer);
      setFields(fieldsOf(answer));
      setSaved(true);
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <form
      className="users-limits"
      data-testid={`users-limits-${account.name}`}
      onSubmit={(e) => void save(e)}
    >
      <h3>{t("users.limitsTitle", { name: account.name })}</h3>
      <p className="muted">{t("users.limitsHelp")}</p>
      {limits && fields && (
        <>
          <div className="users-limits-fields">
            {FIELDS.map((f) => (
              <label key={f}>
                {t(`users.limit_${f}`)}
                <input
                  type="number"
                  min={1}
                  step={1}
                  data-testid={`users-limit-${f}`}
                  value={fields[f]}
                  placeholder={String(limits.defaults[f])}
                  onChange={(e) => setFields({ ...fields, [f]: e.target.value })}
                />
                <span className="muted">{t("users.limitDefault", { value: limits.defaults[f] })}</span>
              </label>
            ))}
          </div>
          <p className="muted" data-testid="users-limits-usage">
            {t("users.limitsUsage", {
              running: limits.usage.running_jobs,
              active: limits.usage.active_jobs,
              storage: Math.round(limits.usage.storage_bytes / 2 ** 20),
            })}
          </p>
          <button type="submit" className="primary" data-testid="users-limits-save">
            {t("users.limitsSave")}
          </button>
          {saved && (
            <span className="muted" data-testid="users-limits-saved">
              {" "}
              {t("users.limitsSaved")}
            </span>
          )}
        </>
      )}
      {error && (
        <div className="launch-error" role="alert" data-testid="users-limits-error">
          {error}
        </div>
      )}
    </form>
  );
}
