import { describe, expect, it } from "vitest";
import { viewOf } from "./route";

describe("views", () => {
  it("reads the hash", () => {
    expect(viewOf("")).toEqual({ name: "editor" });
    expect(viewOf("#/networks/3")).toEqual({ name: "editor" });
    expect(viewOf("#/datasets")).toEqual({ name: "datasets" });
    expect(viewOf("#/jobs")).toEqual({ name: "jobs", jobId: null });
    expect(viewOf("#/jobs/12")).toEqual({ name: "jobs", jobId: 12 });
    expect(viewOf("#/class")).toEqual({ name: "class", jobId: null, networkId: null });
    expect(viewOf("#/class/jobs/7")).toEqual({ name: "class", jobId: 7, networkId: null });
    expect(viewOf("#/class/networks/4")).toEqual({ name: "class", jobId: null, networkId: 4 });
    expect(viewOf("#/class/students")).toEqual({ name: "editor" });
    expect(viewOf("#/class/compare/3,1,3")).toEqual({
      name: "class",
      jobId: null,
      networkId: null,
      compareIds: [3, 1],
    });
    expect(viewOf("#/class/compare/")).toEqual({ name: "editor" });
    expect(viewOf("#/users")).toEqual({ name: "users" });
    expect(viewOf("#/users/3")).toEqual({ name: "editor" });
    expect(viewOf("#/compare/4/9")).toEqual({ name: "compare", jobIds: [4, 9] });
    expect(viewOf("#/compare/4")).toEqual({ name: "editor" });
  });
});
