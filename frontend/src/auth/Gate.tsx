/** The app once `GET /api/auth/me` has answered: signed in (or without accounts), else the sign-in page. */
import { type ReactNode, useEffect } from "react";
import { useAuthStore } from "./authStore";
import { SignInPage } from "./SignInPage";
import { checkSession } from "./session";

export function Gate({ children }: { children: ReactNode }) {
  const status = useAuthStore((s) => s.status);
  useEffect(() => {
    if (useAuthStore.getState().status === "checking") void checkSession();
  }, []);
  if (status === "checking") return null;
  if (status === "signedOut") return <SignInPage />;
  return children;
}
