import { describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { ja } from "../i18n/ja";
import { copyName, MAX_NETWORK_NAME } from "./document";

const wrap = (template: string) => (base: string) => template.replace("{{name}}", base);

describe("the name of a saved copy", () => {
  it("says it is a copy, in the user's language, so the project never lists two alike", () => {
    expect(copyName("GAN", wrap(en.copyName))).toBe("GAN (copy)");
    expect(copyName("GAN", wrap(ja.copyName))).toBe("GAN（コピー）");
    expect(copyName("  ", wrap(en.copyName))).toBe("Untitled (copy)");
  });

  it("fits the longest name a network may have, cutting the original", () => {
    const name = copyName("n".repeat(MAX_NETWORK_NAME), wrap(en.copyName));
    expect(name).toHaveLength(MAX_NETWORK_NAME);
    expect(name.endsWith(" (copy)")).toBe(true);
  });
});
