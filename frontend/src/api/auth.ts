/** Signing in and out (backend/routes/auth.py); the session itself is the httpOnly cookie. */
import { client, unwrap } from "./http";

export const authApi = {
  me: () => unwrap(client.GET("/api/auth/me")),
  /** Who is signed in (`user` null: nobody), as a 200 either way: a signed-out start logs no 401. */
  session: () => unwrap(client.GET("/api/auth/session")),
  login: (username: string, password: string) =>
    unwrap(client.POST("/api/auth/login", { body: { username, password } })),
  logout: () => unwrap(client.POST("/api/auth/logout")).then(() => undefined),
  changePassword: (current: string, next: string) =>
    unwrap(client.POST("/api/auth/password", { body: { current, new: next } })).then(() => undefined),
};
