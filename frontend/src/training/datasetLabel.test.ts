import { describe, expect, it } from "vitest";
import { choiceTitle, datasetLabel } from "./datasetLabel";

describe("datasetLabel", () => {
  const names = new Map([[1, "temps"]]);

  it("names an upload by the name its owner gave it, with its number", () => {
    expect(datasetLabel({ dataset: "upload:1" }, names, "upload")).toBe("temps (upload #1)");
    expect(datasetLabel({ dataset: "upload:1" }, names, "アップロード")).toBe("temps (アップロード #1)");
    expect(datasetLabel({ dataset: "upload:2", dataset_name: "load" }, names, "upload")).toBe(
      "load (upload #2)",
    );
  });

  it("names a built-in set by its title, and numbers an upload it cannot name (deleted)", () => {
    expect(datasetLabel({ dataset: "digits", dataset_name: "Digits 8×8" }, names, "upload")).toBe(
      "Digits 8×8",
    );
    expect(datasetLabel({ dataset: "digits" }, names, "upload")).toBe("digits");
    expect(datasetLabel({ dataset: "upload:7", dataset_name: null }, names, "upload")).toBe("upload #7");
  });
});

describe("choiceTitle", () => {
  const list = {
    builtin: [{ name: "mnist5k", title: "MNIST 5k", title_ja: "MNIST 5千枚" }],
    uploads: [{ id: 3, name: "temps" }],
  } as unknown as Parameters<typeof choiceTitle>[0];

  it("reads a built-in set by its title in the language, an upload by its name", () => {
    expect(choiceTitle(list, "mnist5k", "en")).toBe("MNIST 5k");
    expect(choiceTitle(list, "mnist5k", "ja")).toBe("MNIST 5千枚");
    expect(choiceTitle(list, "3", "en")).toBe("temps");
  });

  it("keeps the choice when the list lacks it or is not read yet", () => {
    expect(choiceTitle(list, "xor", "en")).toBe("xor");
    expect(choiceTitle(null, "mnist5k", "en")).toBe("mnist5k");
  });
});
