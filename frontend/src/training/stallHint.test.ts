import { describe, expect, it } from "vitest";
import type { Evaluation } from "../api/jobs";
import type { EpochRow } from "./curves";
import { majorityRate, stall } from "./stallHint";

/** An evaluation whose only facts are its per-class support. */
const counted = (...support: number[]) =>
  ({
    task: "classification",
    per_class: support.map((n, i) => ({ class: String(i), precision: 0, recall: 0, f1: 0, support: n })),
  }) as unknown as Evaluation;

// The student's run: Linear 16 → ReLU → Linear 2 on moons, Adam lr 0.001, 3 epochs.
const flat: EpochRow[] = [
  { epoch: 1, train_loss: 0.702, train_accuracy: 0.46, val_loss: 0.7, val_accuracy: 0.4 },
  { epoch: 2, train_loss: 0.698, train_accuracy: 0.47, val_loss: 0.697, val_accuracy: 0.4 },
  { epoch: 3, train_loss: 0.694, train_accuracy: 0.463, val_loss: 0.695, val_accuracy: 0.4 },
];

describe("majorityRate", () => {
  it("is the most common class's share of the evaluated split", () => {
    expect(majorityRate(counted(30, 50, 20))).toBeCloseTo(0.5);
    expect(majorityRate(counted(0, 0))).toBeNull();
    expect(majorityRate(null)).toBeNull();
  });
});

describe("stall", () => {
  it("flags a run whose best validation accuracy is below the majority rate, with its flat loss", () => {
    const facts = stall(flat, counted(48, 52), 2);
    expect(facts).toMatchObject({
      split: "validation",
      accuracy: 0.4,
      flatLoss: { first: 0.702, last: 0.694 },
    });
    expect(facts?.chance).toBeCloseTo(0.52);
  });

  it("flags one within a few points above chance, but not one that learned", () => {
    const near = flat.map((r) => ({ ...r, val_accuracy: 0.56 }));
    expect(stall(near, counted(48, 52), 2)?.accuracy).toBe(0.56);
    const learned = [
      ...flat,
      { epoch: 4, train_loss: 0.69, train_accuracy: 0.6, val_loss: 0.6, val_accuracy: 0.81 },
    ];
    expect(stall(learned, counted(48, 52), 2)).toBeNull();
  });

  it("judges the best epoch, not the last", () => {
    const dipped = [{ ...flat[0], val_accuracy: 0.9 } as EpochRow, ...flat.slice(1)];
    expect(stall(dipped, counted(50, 50), 2)).toBeNull();
  });

  it("uses the training accuracy when the run had no validation split", () => {
    const rows = flat.map(({ epoch, train_loss, train_accuracy }) => ({ epoch, train_loss, train_accuracy }));
    expect(stall(rows, counted(50, 50), 2)).toMatchObject({ split: "training", accuracy: 0.47 });
  });

  it("leaves the loss out when it fell, and when one epoch tells nothing", () => {
    const falling = flat.map((r, i) => ({ ...r, train_loss: 0.7 - 0.1 * i }));
    expect(stall(falling, counted(50, 50), 2)?.flatLoss).toBeNull();
    expect(stall(flat.slice(0, 1), counted(50, 50), 2)?.flatLoss).toBeNull();
  });

  it("takes 1 / classes as chance without an evaluation, and says nothing without accuracy", () => {
    const ten = flat.map((r) => ({ ...r, val_accuracy: 0.12 }));
    expect(stall(ten, null, 10)?.chance).toBeCloseTo(0.1);
    expect(stall(ten, null, 0)).toBeNull();
    expect(stall([{ epoch: 1, train_loss: 0.5 }], counted(50, 50), 2)).toBeNull();
    expect(stall([], counted(50, 50), 2)).toBeNull();
  });
});
