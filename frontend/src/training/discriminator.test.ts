import { describe, expect, it } from "vitest";
import type { Evaluation } from "../api/jobs";
import { discriminatorRows, isDiscriminatorOnly, verdictOf } from "./discriminator";

const head = (target: string, accuracy?: number, node = "d") =>
  ({
    task: target === "none" ? "none" : "classification",
    target,
    accuracy,
    head: node,
  }) as unknown as Evaluation;

const gan = {
  task: "classification",
  heads: {
    d_real_loss: head("ones", 0.6, "d_real"),
    d_fake_loss: head("zeros", 0.55, "d_fake"),
    g_loss: head("ones", 0.45, "d_gen"),
  },
} as unknown as Evaluation;

describe("a GAN's discriminator heads", () => {
  it("are recognised by their constant targets", () => {
    expect(isDiscriminatorOnly(gan)).toBe(true);
    expect(isDiscriminatorOnly(null)).toBe(false);
    const multitask = {
      task: "classification",
      heads: { a: head("y"), b: head("y2") },
    } as unknown as Evaluation;
    expect(isDiscriminatorOnly(multitask)).toBe(false);
    const vae = {
      task: "autoencoder",
      heads: { r: head("input"), kl: head("none") },
    } as unknown as Evaluation;
    expect(isDiscriminatorOnly(vae)).toBe(false);
    const mixed = {
      task: "classification",
      heads: { a: head("y"), d: head("ones") },
    } as unknown as Evaluation;
    expect(isDiscriminatorOnly(mixed)).toBe(false);
  });
  it("give a row per head: ones ask for real, zeros for fake", () => {
    expect(discriminatorRows(gan)).toEqual([
      { loss: "d_real_loss", head: "d_real", wanted: "real", right: 0.6 },
      { loss: "d_fake_loss", head: "d_fake", wanted: "fake", right: 0.55 },
      { loss: "g_loss", head: "d_gen", wanted: "real", right: 0.45 },
    ]);
  });
});

describe("a discriminator's verdict", () => {
  it("reads fake and real, and 0 and 1 of a job trained before the names", () => {
    expect(["fake", "real", "0", "1", "7"].map(verdictOf)).toEqual(["fake", "real", "fake", "real", null]);
  });
});
