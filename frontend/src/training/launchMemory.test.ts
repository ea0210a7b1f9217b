import { describe, expect, it } from "vitest";
import { keepLaunchForm, recallLaunchForm } from "./launchMemory";

describe("launch form memory", () => {
  it("gives back the form kept for the same document only", () => {
    const form = { dataset: "7", values: { epochs: "3" }, initFrom: null, freeze: [] };
    keepLaunchForm("1|{}", form);
    expect(recallLaunchForm("1|{}")).toEqual(form);
    expect(recallLaunchForm("2|{}")).toBeNull();
  });
});
