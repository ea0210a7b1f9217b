import { describe, expect, it } from "vitest";
import type { ParamSchema } from "../api/types";
import { display, parse } from "./paramValue";

const int = { type: "integer" } as const;
const size: ParamSchema = { anyOf: [int, { type: "array", items: int }] };
const padding: ParamSchema = {
  anyOf: [int, { type: "array", items: int }, { type: "string", enum: ["same", "valid"] }],
};
const stride: ParamSchema = { anyOf: [int, { type: "array", items: int }, { type: "null" }] };
const shape: ParamSchema = { type: "array", items: int };

describe("parameter text", () => {
  it("reads ints, lists, words and blanks", () => {
    expect(parse("5", size)).toBe(5);
    expect(parse("3, 5", size)).toEqual([3, 5]);
    expect(parse("same", padding)).toBe("same");
    expect(parse("", size)).toBeUndefined();
    expect(parse("", stride)).toBeNull();
    expect(parse("1, 28, 28", shape)).toEqual([1, 28, 28]);
    expect(parse("10", shape)).toEqual([10]);
    expect(parse("abc", size)).toBe("abc");
  });

  it("writes values back as text", () => {
    expect(display([1, 28, 28])).toBe("1, 28, 28");
    expect(display(null)).toBe("");
    expect(display(5)).toBe("5");
  });
});
