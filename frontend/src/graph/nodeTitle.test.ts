import { describe, expect, it } from "vitest";
import { nodeTitle } from "./nodeTitle";

const layers = new Map([
  ["Input", { title: { en: "Input", ja: "入力" } }],
  ["Linear", { title: { en: "Linear (fully connected)", ja: "全結合 (Linear)" } }],
]);

describe("nodeTitle", () => {
  it("is the palette's Japanese title in Japanese", () => {
    expect(nodeTitle("Input", "ja", layers)).toBe("入力");
    expect(nodeTitle("Linear", "ja", layers)).toBe("全結合 (Linear)");
  });
  it("is the type in English, and for a type the catalogue lacks", () => {
    expect(nodeTitle("Linear", "en", layers)).toBe("Linear");
    expect(nodeTitle("Unit", "ja", layers)).toBe("Unit");
  });
});
