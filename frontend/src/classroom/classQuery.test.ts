import { describe, expect, it } from "vitest";
import { classQuery, filtering, NO_FILTER, PAGE_STUDENTS } from "./classQuery";

describe("classQuery", () => {
  it("asks for the first page of everyone without a filter", () => {
    expect(classQuery(NO_FILTER, 1)).toEqual({ limit: PAGE_STUDENTS });
    expect(filtering(NO_FILTER)).toBe(false);
  });

  it("asks for every page shown so far, so a poll refreshes all of them", () => {
    expect(classQuery(NO_FILTER, 3)).toEqual({ limit: 3 * PAGE_STUDENTS });
    expect(classQuery(NO_FILTER, 0)).toEqual({ limit: PAGE_STUDENTS });
  });

  it("sends the fields given, trimmed, and leaves out empty ones", () => {
    const filter = { student: "  lab1- ", network: " ", status: "failed" as const };
    expect(classQuery(filter, 1)).toEqual({ limit: PAGE_STUDENTS, student: "lab1-", status: ["failed"] });
    expect(filtering(filter)).toBe(true);
    expect(filtering({ ...NO_FILTER, network: "  " })).toBe(false);
  });
});
