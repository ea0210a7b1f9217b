import { describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { ja } from "../i18n/ja";
import { parseGraphFile } from "./document";

/** A translator over one language's strings, as i18next fills `{{placeholders}}`. */
const translator =
  (strings: Record<string, unknown>) =>
  (key: string, values: Record<string, string>): string =>
    String(strings[key]).replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? "");

const GRAPH = { format: "netcanvas/graph@1", name: "", nodes: [], edges: [] };

describe("reading an imported graph file", () => {
  it("says a file that is no JSON is no network file, naming it, in the UI's language", () => {
    expect(() => parseGraphFile("hello", "notes.json", translator(en))).toThrow(
      "notes.json is not a netcanvas/graph@1 file: it is not JSON.",
    );
    expect(() => parseGraphFile("hello", "notes.json", translator(ja))).toThrow(
      "notes.json は netcanvas/graph@1 のファイルではありません: JSON ではありません。",
    );
  });

  it("says what is missing or unknown in JSON that is no graph", () => {
    expect(() => parseGraphFile('{"nodes": 3}', "a.json", translator(en))).toThrow("no list of nodes");
    expect(() => parseGraphFile('{"nodes": []}', "a.json", translator(ja))).toThrow("形式の指定がありません");
    const future = JSON.stringify({ ...GRAPH, format: "netcanvas/graph@9" });
    expect(() => parseGraphFile(future, "a.json", translator(en))).toThrow(
      "a.json is in the format netcanvas/graph@9; NetCanvas reads netcanvas/graph@1.",
    );
  });

  it("reads a graph, named after its file when it has no name", () => {
    const graph = parseGraphFile(JSON.stringify(GRAPH), "LeNet.json", translator(en));
    expect(graph.name).toBe("LeNet");
    expect(graph.format).toBe("netcanvas/graph@1");
  });
});
