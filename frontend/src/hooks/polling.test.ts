import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startPolling } from "./polling";

/** A load whose answers the test hands out one by one, in any order. */
function controlled() {
  const pending: ((value: string) => void)[] = [];
  const load = () => new Promise<string>((resolve) => pending.push(resolve));
  return { load, pending };
}

describe("startPolling", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("asks at once and then at each interval", () => {
    const { load, pending } = controlled();
    const polling = startPolling(
      load,
      1000,
      () => {},
      () => {},
    );
    expect(pending).toHaveLength(1);
    vi.advanceTimersByTime(2500);
    expect(pending).toHaveLength(3);
    polling.stop();
    vi.advanceTimersByTime(5000);
    expect(pending).toHaveLength(3);
  });

  it("drops an answer that comes after it stopped: a newer query's answer stays", async () => {
    const old = controlled();
    const seen: string[] = [];
    const first = startPolling(
      old.load,
      1000,
      (v) => seen.push(v),
      () => {},
    );
    first.stop(); // the filter changed before the old query answered
    const fresh = controlled();
    startPolling(
      fresh.load,
      1000,
      (v) => seen.push(v),
      () => {},
    );
    fresh.pending[0]?.("filtered");
    old.pending[0]?.("everyone");
    await vi.runAllTicks();
    await Promise.resolve();
    expect(seen).toEqual(["filtered"]);
  });

  it("asks once only without an interval, and again on ask", () => {
    const { load, pending } = controlled();
    const polling = startPolling(
      load,
      null,
      () => {},
      () => {},
    );
    vi.advanceTimersByTime(10_000);
    expect(pending).toHaveLength(1);
    polling.ask();
    expect(pending).toHaveLength(2);
    polling.stop();
    polling.ask();
    expect(pending).toHaveLength(2);
  });

  it("hands errors on while it runs", async () => {
    const errors: unknown[] = [];
    const polling = startPolling(
      () => Promise.reject(new Error("503")),
      null,
      () => {},
      (e) => errors.push(e),
    );
    await Promise.resolve();
    await Promise.resolve();
    expect(errors).toHaveLength(1);
    polling.stop();
  });
});
