import { describe, expect, it } from "vitest";
import { choiceTitle, datasetLabel } from "./datasetLabel";

describe("datasetLabel", () => {
  it("names a built-in set by the title the job's answer gives, not its key", () => {
    expect(datasetLabel({ dataset: "mnist5k_5to9", dataset_name: "MNIST 5k: 5–9" }, "upload")).toBe(
      "MNIST 5k: 5–9",
    );
    expect(datasetLabel({ dataset: "sine_anomaly", dataset_name: "正弦波の異常" }, "アップロード")).toBe(
      "正弦波の異常",
    );
  });

  it("names an upload by the name its owner gave it, with its number", () => {
    const job = { dataset: "upload:1", dataset_name: "temps" };
    expect(datasetLabel(job, "upload")).toBe("temps (upload #1)");
    expect(datasetLabel(job, "アップロード")).toBe("temps (アップロード #1)");
  });

  it("keeps the key of a set without a name, and numbers an upload it cannot name (deleted)", () => {
    expect(datasetLabel({ dataset: "digits" }, "upload")).toBe("digits");
    expect(datasetLabel({ dataset: "upload:7", dataset_name: null }, "upload")).toBe("upload #7");
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
