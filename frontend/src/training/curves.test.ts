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
  keptEpoch,
  mergeSteps,
  missingSteps,
  phaseKeys,
  relabelLogs,
  series,
  stepRows,
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

describe("the per-step curve", () => {
  const point = (id: string, epoch: number, step: number, loss: number) =>
    entry(id, "metrics", { epoch, step, steps: 4, train_loss: loss, step_loss: loss, lr: 0.1 });

  it("keeps metrics events as points, a repeated epoch replacing its old ones", () => {
    const view = applyEntries(emptyView(), [
      point("1-0", 1, 1, 3),
      point("2-0", 1, 3, 2),
      entry("3-0", "epoch", { epoch: 1, train_loss: 2 }),
      point("4-0", 2, 1, 1.5),
      point("5-0", 2, 3, 1.2),
      point("6-0", 2, 1, 1.4), // the run resumed from its checkpoint after epoch 1
    ]);
    expect(view.steps.map((p) => [p.epoch, p.step, p.train_loss])).toEqual([
      [1, 1, 3],
      [1, 3, 2],
      [2, 1, 1.4],
    ]);
    expect(view.steps[0]).not.toHaveProperty("type");
    expect(missingSteps(view)).toBe(false);
  });

  it("places points between epochs and averages long runs in buckets", () => {
    const points = [1, 2, 3, 4].map((step) => ({ epoch: 2, step, steps: 4, train_loss: 9, step_loss: step }));
    expect(stepRows(points).map((r) => [r.epoch, r.train_loss_steps])).toEqual([
      [1.25, 1],
      [1.5, 2],
      [1.75, 3],
      [2, 4],
    ]);
    expect(stepRows(points, 2)).toEqual([
      { epoch: 1.5, train_loss_steps: 1.5, train_accuracy_steps: undefined },
      { epoch: 2, train_loss_steps: 3.5, train_accuracy_steps: undefined },
    ]);
  });

  it("takes the database's points only for epochs the events lack", () => {
    const fromEvents = [{ epoch: 2, step: 1, train_loss: 1 }];
    const stored = [
      { epoch: 1, step: 1, train_loss: 5 },
      { epoch: 2, step: 1, train_loss: 7 },
    ];
    expect(mergeSteps(fromEvents, stored).map((p) => [p.epoch, p.train_loss])).toEqual([
      [1, 5],
      [2, 1],
    ]);
    const view = { ...emptyView(), epochs: epochsFromRows([{ epoch: 1, train_loss: 1 }]) };
    expect(missingSteps(view)).toBe(true);
  });
});

describe("phaseKeys", () => {
  it("lists the per-phase keys of the metrics asked for, in first-seen order", () => {
    const rows = [
      { epoch: 1, train_loss: 2, "train_loss/phase:discriminator": 1.2, "train_loss/d_real": 0.6 },
      {
        epoch: 2,
        "train_loss/phase:generator": 0.8,
        "train_loss/phase:discriminator": 1.1,
        "train_accuracy/phase:discriminator": 0.7,
      },
    ];
    expect(phaseKeys(rows, ["train_loss", "val_loss"])).toEqual([
      "train_loss/phase:discriminator",
      "train_loss/phase:generator",
    ]);
    expect(phaseKeys(rows, ["train_accuracy"])).toEqual(["train_accuracy/phase:discriminator"]);
    expect(phaseKeys([{ epoch: 1, train_loss: 1 }], ["train_loss"])).toEqual([]);
  });
});

describe("generated samples", () => {
  const samples = (epoch: number, latent: boolean): JobEvent =>
    ({
      type: "samples",
      epoch,
      head: "pixels",
      shape: [1, 8, 8],
      count: 36,
      columns: 6,
      grid: `data:image/png;base64,${epoch}`,
      latent: latent
        ? {
            size: 10,
            low: -3,
            high: 3,
            grid: "data:image/png;base64,m",
            points: [[0, 0, 1]],
            class_names: ["a", "b"],
          }
        : null,
    }) as JobEvent;

  it("keeps the newest grid and the latest latent map", () => {
    let view = applyEvent(emptyView(), samples(1, true));
    view = applyEvent(view, samples(2, false));
    expect(view.generated?.epoch).toBe(2);
    expect(view.generated?.grid).toBe("data:image/png;base64,2");
    expect(view.generated?.latent?.points).toEqual([[0, 0, 1]]);
  });
});

describe("log lines worded again", () => {
  const view = applyEntries(emptyView(), [
    entry("1-0", "log", { message: "CPU threads for this run: 2" }),
    entry("2-0", "epoch", { epoch: 1, train_loss: 2 }),
    entry("3-0", "log", { message: "a line without a code" }),
    entry("4-0", "log", { message: "paused after epoch 1" }),
  ]);

  it("keep each line's stream id", () => {
    expect(view.logs.map((l) => l.id)).toEqual(["1-0", "3-0", "4-0"]);
  });
  it("replace the text of the lines of the same id, and nothing else", () => {
    const next = relabelLogs(view, [
      entry("1-0", "log", { message: "CPU スレッド 2 本で学習します" }),
      entry("3-0", "log", { message: "a line without a code" }),
      entry("4-0", "log", { message: "エポック 1 の後で一時停止しました" }),
      entry("9-0", "log", { message: "a line the view has not seen" }),
    ]);
    expect(next.logs).toEqual([
      { id: "1-0", text: "CPU スレッド 2 本で学習します" },
      { id: "3-0", text: "a line without a code" },
      { id: "4-0", text: "エポック 1 の後で一時停止しました" },
    ]);
    expect(next.epochs).toBe(view.epochs);
    expect(next.lastId).toBe("4-0");
  });
  it("keep a line the answer lacks, and the same view when nothing changes", () => {
    const next = relabelLogs(view, [entry("4-0", "log", { message: "エポック 1 の後で一時停止しました" })]);
    expect(next.logs[0]).toEqual({ id: "1-0", text: "CPU threads for this run: 2" });
    expect(relabelLogs(view, [])).toBe(view);
  });
});

describe("keptEpoch", () => {
  it("is the epoch of keep-best's log line, kept with its code and params, else null", () => {
    const kept = { message: "the run keeps the weights of epoch 19, ...", code: "log.kept_best_val_loss" };
    const view = applyEntries(emptyView(), [
      entry("1-0", "log", { message: "early stopping after epoch 22", code: "log.early_stopping" }),
      entry("2-0", "log", { ...kept, params: { epoch: 19, value: "0.1541" } }),
    ]);
    expect(view.logs[1]).toEqual({
      id: "2-0",
      text: kept.message,
      code: "log.kept_best_val_loss",
      params: { epoch: 19, value: "0.1541" },
    });
    expect(keptEpoch(view.logs)).toBe(19);
    const last = applyEntries(emptyView(), [
      entry("1-0", "log", {
        message: "keeps its last epoch",
        code: "log.kept_last",
        params: { epoch: 22, best: 19 },
      }),
    ]);
    expect(keptEpoch(last.logs)).toBeNull();
    expect(keptEpoch([])).toBeNull();
  });
});
