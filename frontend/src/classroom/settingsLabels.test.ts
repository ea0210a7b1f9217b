import { describe, expect, it } from "vitest";
import { settingsLabelled } from "./settingsLabels";

const ja: Record<string, string> = {
  epochs: "エポック数",
  batch_size: "バッチサイズ",
  optimizer: "最適化",
  lr: "学習率",
};
const title = (name: string) => ja[name] ?? name;
const value = (name: string, v: unknown) => (name === "optimizer" && v === "adam" ? "Adam" : String(v));

describe("settingsLabelled", () => {
  it("labels the compared settings as the launch form does, in its order, with no raw name", () => {
    const config = { lr: 0.002, optimizer: "adam", seed: 0, epochs: 4, batch_size: 32 };
    const text = settingsLabelled(config, title, value);
    expect(text).toBe("エポック数 4, バッチサイズ 32, 最適化 Adam, 学習率 0.002");
    expect(text).not.toMatch(/=|epochs|batch_size|adam\b/);
  });

  it("adds the test share only when one was held out, and is empty without a config", () => {
    expect(settingsLabelled({ epochs: 2, test_fraction: 0 }, title, value)).toBe("エポック数 2");
    expect(settingsLabelled({ epochs: 2, test_fraction: 0.2 }, title, value)).toBe(
      "エポック数 2, test_fraction 0.2",
    );
    expect(settingsLabelled(null, title, value)).toBe("");
  });
});
