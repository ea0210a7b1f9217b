import { describe, expect, it } from "vitest";
import type { JobEvent, StreamEntry } from "../api/jobs";
import {
  aligned,
  applyEntries,
  applyEvent,
  compareIds,
  emptyView,
  epochsFromRows,
  formatEta,
  series,
  toCsv,
} from "./curves";

const entry = (id: string, type: string, extra: Record<string, unknown> = {}): StreamEntry => ({
  id,
  event: { type, ...extra } as JobEvent,
});

describe("event reduction", () => {
  it("collects epochs, progress and the end", () => {
    const view = applyEntries(emptyView(), [
      entry("1-0", "queued"),
      entry("2-0", "started", { device: "cpu" }),
      entry("3-0", "progress", { epoch: 1, step: 4, samples_per_s: 100, eta_s: 9 }),
      entry("4-0", "epoch", { epoch: 1, train_loss: 2, val_loss: 2.5, lr: 0.001 }),
      entry("5-0", "epoch", { epoch: 2, train_loss: 1, val_loss: 1.5, lr: 0.001 }),
      entry("6-0", "finished", { status: "succeeded", reason: "" }),
    ]);
    expect(view.epochs.map((r) => r.epoch)).toEqual([1, 2]);
    expect(view.progress?.step).toBe(4);
    expect(view.started?.device).toBe("cpu");
    expect(view.finished?.status).toBe("succeeded");
    expect(view.lastId).toBe("6-0");
    expect(series(view.epochs, ["train_loss", "val_accuracy"])).toEqual([
      [1, 2],
      [2, 1],
      [null, null],
    ]);
  });

  it("resumes after the last id without counting an event twice", () => {
    const first = applyEntries(emptyView(), [entry("10-0", "epoch", { epoch: 1, train_loss: 3 })]);
    // the websocket replays after 10-0, but a late history answer may overlap
    const next = applyEntries(first, [
      entry("9-5", "epoch", { epoch: 1, train_loss: 99 }),
      entry("10-0", "epoch", { epoch: 1, train_loss: 99 }),
      entry("10-1", "epoch", { epoch: 2, train_loss: 2 }),
    ]);
    expect(next.epochs).toEqual([
      { epoch: 1, train_loss: 3 },
      { epoch: 2, train_loss: 2 },
    ]);
    expect(next.lastId).toBe("10-1");
  });

  it("orders stream ids numerically", () => {
    expect(compareIds("9-0", "10-0")).toBe(-1);
    expect(compareIds("10-2", "10-10")).toBe(-1);
    expect(compareIds("10-2", "10-2")).toBe(0);
  });

  it("reads the database epochs when the events are gone", () => {
    const rows = epochsFromRows([
      { epoch: 2, train_loss: 1 },
      { epoch: 1, train_loss: 2, note: "x" },
    ]);
    expect(rows).toEqual([
      { epoch: 1, train_loss: 2 },
      { epoch: 2, train_loss: 1 },
    ]);
  });
});

describe("csv", () => {
  it("writes every column, blank where missing", () => {
    expect(
      toCsv([
        { epoch: 1, train_loss: 2 },
        { epoch: 2, train_loss: 1, val_loss: 1.5 },
      ]),
    ).toBe("epoch,train_loss,val_loss\n1,2,\n2,1,1.5\n");
  });
  it("formats an eta", () => {
    expect(formatEta(75)).toBe("1m 15s");
    expect(formatEta(null)).toBe("–");
  });
});

describe("overlay", () => {
  it("aligns two jobs on the union of their epochs", () => {
    expect(
      aligned([
        { rows: [{ epoch: 1, a: 1 }], keys: ["a"] },
        {
          rows: [
            { epoch: 1, a: 5 },
            { epoch: 2, a: 4 },
          ],
          keys: ["a"],
        },
      ]),
    ).toEqual([
      [1, 2],
      [1, null],
      [5, 4],
    ]);
  });
});

describe("artifacts", () => {
  it("lists each artifact the worker announced once, in its order", () => {
    const events: JobEvent[] = [
      { type: "artifact", name: "model.safetensors", size: 10 },
      { type: "artifact", name: "model.py", size: 5 },
      { type: "artifact", name: "model.safetensors", size: 10 },
    ];
    const view = events.reduce(applyEvent, emptyView());
    expect(view.artifacts).toEqual(["model.safetensors", "model.py"]);
  });
});
