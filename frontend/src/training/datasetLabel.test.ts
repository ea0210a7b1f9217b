import { describe, expect, it } from "vitest";
import { datasetLabel } from "./datasetLabel";

describe("datasetLabel", () => {
  const names = new Map([[1, "temps"]]);

  it("names an upload by the name its owner gave it, with its number", () => {
    expect(datasetLabel("upload:1", names, "upload")).toBe("temps (upload #1)");
    expect(datasetLabel("upload:1", names, "アップロード")).toBe("temps (アップロード #1)");
  });

  it("keeps a built-in set's name, and numbers an upload it cannot name (deleted)", () => {
    expect(datasetLabel("digits", names, "upload")).toBe("digits");
    expect(datasetLabel("upload:7", names, "upload")).toBe("upload #7");
  });
});
