import { describe, expect, it } from "vitest";
import { reached } from "./reached";

const job = (status: string, progress: Record<string, unknown>, summary: Record<string, unknown> = {}) => ({
  status,
  progress,
  summary,
  config: { epochs: 10 },
});

describe("reached", () => {
  it("counts the epochs a finished job ran, not its last progress report", () => {
    expect(reached(job("succeeded", { epoch: 9, epochs: 10 }, { epochs_run: 10 }))).toEqual({
      key: "reached_succeeded",
      epoch: 10,
      epochs: 10,
    });
  });

  it("names the epoch a cancelled, failed or paused job was in", () => {
    for (const status of ["cancelled", "failed", "paused"]) {
      expect(reached(job(status, { epoch: 3, epochs: 10, step: 4 }, { epochs_run: 2 }))).toEqual({
        key: `reached_${status}`,
        epoch: 3,
        epochs: 10,
      });
    }
  });

  it("falls back to the epochs run when a stopped job reported no progress", () => {
    expect(reached(job("cancelled", {}, { epochs_run: 0 }))).toEqual({
      key: "reached_cancelled",
      epoch: 0,
      epochs: 10,
    });
  });

  it("tells nothing for a job still queued or running, or one that says nothing", () => {
    expect(reached(job("running", { epoch: 3, epochs: 10 }))).toBeNull();
    expect(reached(job("queued", {}))).toBeNull();
    expect(reached({ status: "failed", progress: {}, summary: {}, config: {} })).toBeNull();
  });
});
