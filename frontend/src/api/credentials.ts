/**
 * What a request carries besides the session cookie, and what happens when the service no longer
 * knows who asks. With accounts on, a cookie request that changes state must send the session's CSRF
 * token as `X-CSRF-Token` (backend/deps.py `identify`): the `netcanvas_csrf` cookie holds it, and the
 * token from the last sign-in or `GET /api/auth/me` stands in when that cookie cannot be read. Any 401
 * (the session expired, or ended elsewhere) is reported once to whoever listens (the sign-in gate).
 */

export const CSRF_COOKIE = "netcanvas_csrf";
export const CSRF_HEADER = "X-CSRF-Token";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The value of cookie `name` in a `document.cookie` string, or null. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(";")) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    const value = part.slice(at + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}

/** The CSRF token a request with `method` sends: none for a safe method; the cookie's, else `kept`. */
export function csrfFor(method: string, cookies: string, kept: string | null): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  return readCookie(cookies, CSRF_COOKIE) || kept || null;
}

let kept: string | null = null;

/** Remember the token a sign-in or `GET /api/auth/me` answered (null: forget it). */
export function keepCsrfToken(token: string | null | undefined): void {
  kept = token ?? null;
}

/** The token this page sends now with a request of `method`, or null. */
export function csrfToken(method: string): string | null {
  return csrfFor(method, globalThis.document?.cookie ?? "", kept);
}

let listener: (() => void) | null = null;

/** Call `handler` whenever the service answers 401 to a call other than the sign-in itself. */
export function onSignedOut(handler: (() => void) | null): void {
  listener = handler;
}

/** A request was answered 401: whoever listens shows the sign-in page. */
export function signedOut(): void {
  listener?.();
}
