import { describe, expect, it } from "vitest";
import { en } from "./en";
import { ja } from "./ja";

/** Every dotted key path to a string in a strings tree. */
function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [prefix + key] : keys(value as object, `${prefix}${key}.`),
  );
}

describe("UI strings", () => {
  it("has every English key in Japanese and no Japanese key English lacks", () => {
    const english = keys(en);
    const japanese = new Set(keys(ja));
    expect(english.filter((k) => !japanese.has(k))).toEqual([]);
    expect([...japanese].filter((k) => !english.includes(k))).toEqual([]);
  });

  it("keeps the same {{placeholders}} in both languages", () => {
    const lookup = (tree: object, key: string): string =>
      key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) as string;
    const holes = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of keys(en)) {
      expect({ key, holes: holes(lookup(ja, key)) }).toEqual({ key, holes: holes(lookup(en, key)) });
    }
  });
});
