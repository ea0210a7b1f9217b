import { describe, expect, it } from "vitest";
import { keepLaunchForm, onLaunchFormKept, recallLaunchForm } from "./launchMemory";

describe("launch form memory", () => {
  it("gives back the form kept for the same document only", () => {
    const form = { dataset: "7", values: { epochs: "3" }, initFrom: null, freeze: [] };
    keepLaunchForm("1|{}", form);
    expect(recallLaunchForm("1|{}")).toEqual(form);
    expect(recallLaunchForm("2|{}")).toBeNull();
  });
  it("tells those listening each time a form is kept, until they stop", () => {
    const heard: string[] = [];
    const stop = onLaunchFormKept(() => heard.push(recallLaunchForm("1|{}")?.dataset ?? ""));
    keepLaunchForm("1|{}", { dataset: "digits", values: {}, initFrom: null, freeze: [] });
    keepLaunchForm("1|{}", { dataset: "9", values: {}, initFrom: null, freeze: [] });
    stop();
    keepLaunchForm("1|{}", { dataset: "mnist5k", values: {}, initFrom: null, freeze: [] });
    expect(heard).toEqual(["digits", "9"]);
  });
});
