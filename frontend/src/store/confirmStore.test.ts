import { afterEach, describe, expect, it } from "vitest";
import { ask, firstFocus, useConfirmStore } from "./confirmStore";

const question = () => useConfirmStore.getState().question;

describe("ask", () => {
  afterEach(() => useConfirmStore.getState().answer(false));

  it("starts a destructive question (a delete for good) on Cancel", () => {
    void ask("Delete job #3?", "Delete", { destructive: true });
    expect(question()?.destructive).toBe(true);
    expect(firstFocus(question() ?? {})).toBe("cancel");
  });

  it("starts any other question on its confirming button", () => {
    void ask("Withdraw it?", "Withdraw");
    expect(question()?.destructive).toBe(false);
    expect(firstFocus(question() ?? {})).toBe("confirm");
  });
});

describe("the confirming button's colour", () => {
  afterEach(() => useConfirmStore.getState().answer(false));

  it("is red for a delete for good and for a question that loses work", () => {
    void ask("Delete job #3?", "Delete", { destructive: true });
    expect(question()?.danger).toBe(true);
    void ask("Discard unsaved changes?", "Discard", { danger: true });
    expect(question()?.danger).toBe(true);
    expect(question()?.destructive).toBe(false);
  });

  it("is plain for a question that loses nothing (withdraw, reset a password)", () => {
    void ask("Withdraw it?", "Withdraw");
    expect(question()?.danger).toBe(false);
  });
});
