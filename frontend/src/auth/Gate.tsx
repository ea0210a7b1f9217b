/** The app once `GET /api/auth/me` has answered: signed in (or without accounts), else the sign-in page;
 * a user still on a password handed out changes it first, since nothing else answers them until then. */
import { type ReactNode, useEffect } from "react";
import { useAuthStore } from "./authStore";
import { ChangePasswordPage } from "./ChangePasswordPage";
import { SignInPage } from "./SignInPage";
import { checkSession } from "./session";

export function Gate({ children }: { children: ReactNode }) {
  const status = useAuthStore((s) => s.status);
  const mustChange = useAuthStore((s) => s.mode === "accounts" && s.user?.must_change_password === true);
  useEffect(() => {
    if (useAuthStore.getState().status === "checking") void checkSession();
  }, []);
  if (status === "checking") return null;
  if (status === "signedOut") return <SignInPage />;
  if (mustChange) return <ChangePasswordPage />;
  return children;
}
