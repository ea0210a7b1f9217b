import { describe, expect, it } from "vitest";
import { formatMoment } from "./moment";

// Noon UTC: the same calendar day in every time zone the tests may run in.
const NOON = "2026-12-07T12:00:00Z";

describe("formatMoment", () => {
  it("writes a moment as Japanese does in the Japanese UI", () => {
    expect(formatMoment(NOON, "ja")).toMatch(/^2026\/12\/7 /);
  });

  it("writes it as English does in the English UI", () => {
    expect(formatMoment(NOON, "en")).toMatch(/^12\/7\/2026, /);
  });
});
