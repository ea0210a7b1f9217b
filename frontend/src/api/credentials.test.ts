import { describe, expect, it } from "vitest";
import { csrfFor, readCookie } from "./credentials";

describe("the CSRF header", () => {
  const cookies = "netcanvas.language=ja; netcanvas_csrf=abc%2Bdef; other=1";

  it("is sent with every method that changes state, from the cookie", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
      expect(csrfFor(method, cookies, "kept")).toBe("abc+def");
    }
  });

  it("is not sent with safe methods", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"])
      expect(csrfFor(method, cookies, "kept")).toBeNull();
  });

  it("falls back to the token kept from the sign-in when the cookie is not there", () => {
    expect(csrfFor("POST", "other=1", "kept")).toBe("kept");
    expect(csrfFor("POST", "netcanvas_csrf=", "kept")).toBe("kept");
    expect(csrfFor("POST", "", null)).toBeNull();
  });

  it("reads a cookie by its exact name only", () => {
    expect(readCookie("xnetcanvas_csrf=no; netcanvas_csrf=yes", "netcanvas_csrf")).toBe("yes");
    expect(readCookie("netcanvas_csrf_old=no", "netcanvas_csrf")).toBeNull();
    expect(readCookie("netcanvas_csrf=%E0%A4%A", "netcanvas_csrf")).toBe("%E0%A4%A");
  });
});
