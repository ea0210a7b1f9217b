import { describe, expect, it } from "vitest";
import { viewOf } from "./route";

describe("views", () => {
  it("reads the hash", () => {
    expect(viewOf("")).toEqual({ name: "editor" });
    expect(viewOf("#/networks/3")).toEqual({ name: "editor" });
    expect(viewOf("#/datasets")).toEqual({ name: "datasets" });
    expect(viewOf("#/jobs")).toEqual({ name: "jobs", jobId: null });
    expect(viewOf("#/jobs/12")).toEqual({ name: "jobs", jobId: 12 });
  });
});
