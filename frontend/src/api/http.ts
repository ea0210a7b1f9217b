/**
 * The one generated API client: openapi-fetch typed by `schema.ts` (generated, never edited;
 * `npm run api` / `make api`), on the same origin (the paths carry `/api`), with the service's error
 * bodies (`detail: string | {message, problems} | pydantic 422 list`) turned into `ApiError`.
 * Every request sends the UI's language, every one that changes state the CSRF token, and a 401
 * brings back the sign-in page (`credentials.ts`).
 */
import i18n from "i18next";
import createClient from "openapi-fetch";
import { CSRF_HEADER, csrfToken, signedOut } from "./credentials";
import type { paths } from "./schema";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A readable message from an error body's `detail`. */
export function describe(detail: unknown): string {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d) => (d && typeof d === "object" && "msg" in d ? String(d.msg) : JSON.stringify(d)))
      .join("; ");
  }
  if (detail && typeof detail === "object" && "message" in detail) {
    // A coded refusal lists what is wrong under `errors` (each field, node or loss): show them.
    const errors = "errors" in detail && Array.isArray(detail.errors) ? detail.errors : [];
    const listed = errors.map((e) => (e && typeof e === "object" && "message" in e ? String(e.message) : ""));
    const reasons = listed.filter(Boolean).join("; ");
    return reasons ? `${String(detail.message)}: ${reasons}` : String(detail.message);
  }
  return JSON.stringify(detail);
}

export const client = createClient<paths>({ baseUrl: globalThis.location?.origin ?? "" });

/** The sign-in's own 401 is a wrong name or password, said on its page. */
const SIGN_IN = "/api/auth/login";

client.use({
  onRequest({ request }) {
    // Errors and messages come back in the UI's language.
    request.headers.set("Accept-Language", i18n.language || "en");
    const csrf = csrfToken(request.method);
    if (csrf) request.headers.set(CSRF_HEADER, csrf);
    return request;
  },
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && schemaPath !== SIGN_IN) signedOut();
    return response;
  },
});

/** The data of a generated call, or an `ApiError` built from its error body. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    if (error && typeof error === "object" && "detail" in error) message = describe(error.detail);
    throw new ApiError(response.status, message);
  }
  return data as T;
}
