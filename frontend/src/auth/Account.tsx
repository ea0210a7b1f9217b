/** Who is signed in and the sign-out button, in every view's header; nothing without accounts. */
import { useTranslation } from "react-i18next";
import { useAuthStore } from "./authStore";
import { signOut } from "./session";

export function Account() {
  const { t } = useTranslation();
  const user = useAuthStore((s) => (s.mode === "accounts" ? s.user : null));
  if (!user) return null;
  const role = t(`auth.roles.${user.role}`);
  return (
    <div className="account" title={t("auth.signedInAs", { name: user.name, role })}>
      <span className="account-name" data-testid="user-name">
        {user.name}
      </span>
      <button type="button" data-testid="sign-out" onClick={() => void signOut()}>
        {t("auth.signOut")}
      </button>
    </div>
  );
}
