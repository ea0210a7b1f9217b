import { describe, expect, it } from "vitest";
import { overridesOf } from "./LimitsForm";

describe("an account's limits as an admin types them", () => {
  it("sends a figure for each field filled in and null (the server's) for each left empty", () => {
    const fields = {
      max_running_jobs: "1",
      max_active_jobs: " ",
      max_upload_mb: "",
      max_storage_mb: " 200 ",
    };
    expect(overridesOf(fields)).toEqual({
      max_running_jobs: 1,
      max_active_jobs: null,
      max_upload_mb: null,
      max_storage_mb: 200,
    });
  });
});
