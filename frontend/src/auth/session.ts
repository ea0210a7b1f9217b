/**
 * Signing in and out in the browser. On start `GET /api/auth/session` says whether the server has accounts
 * and who is signed in (the httpOnly session cookie); until it answers the app shows and fetches
 * nothing, so every hook that loads on mount runs signed in. Any later 401 (the session expired, or
 * ended elsewhere) brings back the sign-in page while the stores keep the open graph; the same user
 * signing in again goes on with it, another user starts from a fresh page (their own draft).
 */
import { authApi } from "../api/auth";
import { keepCsrfToken, onSignedOut } from "../api/credentials";
import { ApiError } from "../api/http";
import type { AuthMode, User } from "../api/models";
import { setDraftOwner } from "../store/draft";
import { useSessionStore } from "../store/sessionStore";
import { useAuthStore } from "./authStore";

const set = useAuthStore.setState;

function become(user: User, mode: AuthMode): void {
  setDraftOwner(mode === "accounts" ? user.id : null);
  // What failed as the session ended ("sign in first") is stale once signed in again.
  if (useAuthStore.getState().status === "signedOut") useSessionStore.getState().set({ message: null });
  set({ status: "signedIn", mode, user: mode === "accounts" ? user : null, expired: false, holder: user });
}

/** Reload without the address's route: nothing of the previous user's stays in memory or opens. */
function startAfresh(): void {
  window.location.replace(window.location.pathname + window.location.search);
}

/** Ask the server who is signed in; without accounts (or an answer) the app shows as it always did. */
export async function checkSession(): Promise<void> {
  try {
    // `GET /api/auth/session` answers 200 with no user when nobody is signed in, where `/me` is a
    // 401 the browser's console logs as an error on every signed-out load.
    const me = await authApi.session();
    keepCsrfToken(me.csrf_token ?? null);
    if (me.user) become(me.user, me.auth);
    else set({ status: "signedOut", mode: "accounts" });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) set({ status: "signedOut", mode: "accounts" });
    else set({ status: "signedIn", mode: "none", user: null }); // its own calls will say what is wrong
  }
}

/** Sign in; rejects with the service's (localised) `ApiError` on a wrong name or password. */
export async function signIn(username: string, password: string): Promise<void> {
  const answer = await authApi.login(username, password);
  keepCsrfToken(answer.csrf_token);
  const { holder } = useAuthStore.getState();
  if (holder && holder.id !== answer.user.id) startAfresh();
  else become(answer.user, "accounts");
}

/** Change a password handed out (the one-time one, then a new one); the app then opens as usual.
 * Rejects with the service's (localised) `ApiError`: a wrong current password, the same one again. */
export async function changeOneTimePassword(current: string, next: string): Promise<void> {
  await authApi.changePassword(current, next);
  const { user, mode } = useAuthStore.getState();
  if (user) become({ ...user, must_change_password: false }, mode);
}

/** End the session and show the sign-in page; the open work stays for the same user's return. */
export async function signOut(): Promise<void> {
  try {
    await authApi.logout();
  } catch {
    // already ended (a 401) or unreachable: signed out here either way
  }
  keepCsrfToken(null);
  set({ status: "signedOut", user: null, expired: false });
}

// A 401 to any call made signed in: the session is gone.
onSignedOut(() => {
  if (useAuthStore.getState().status !== "signedIn") return;
  keepCsrfToken(null);
  set({ status: "signedOut", mode: "accounts", user: null, expired: true });
});
