/** Who uses this page: whether the server has accounts, who is signed in, and whose work the page holds. */
import { create } from "zustand";
import type { AuthMode, User } from "../api/models";

/** `checking`: `GET /api/auth/me` has not answered yet; nothing else is shown or fetched. */
export type AuthStatus = "checking" | "signedIn" | "signedOut";

interface AuthState {
  status: AuthStatus;
  /** `accounts`: this server signs everyone in; `none` (also when it cannot say): one local user. */
  mode: AuthMode;
  /** The signed-in user when the server has accounts; null without them or while signed out. */
  user: User | null;
  /** The session ended under open work (a 401): the sign-in page says the work is kept. */
  expired: boolean;
  /** The user whose work the page holds, kept while signed out: another's sign-in starts afresh. */
  holder: User | null;
}

export const useAuthStore = create<AuthState>()(() => ({
  status: "checking",
  mode: "none",
  user: null,
  expired: false,
  holder: null,
}));
