import { beforeEach, describe, expect, it } from "vitest";
import { clearError, notify, useSessionStore } from "./sessionStore";

describe("clearError", () => {
  beforeEach(() => useSessionStore.getState().set({ message: null }));

  it("takes an error message down at once", () => {
    notify("error", "notjson.json is not a netcanvas/graph@1 file: it is not JSON.");
    clearError();
    expect(useSessionStore.getState().message).toBeNull();
  });

  it("leaves an information message up", () => {
    notify("info", "saved");
    clearError();
    expect(useSessionStore.getState().message).toEqual({ kind: "info", text: "saved" });
  });
});
