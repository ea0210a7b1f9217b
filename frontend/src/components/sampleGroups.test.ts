import { describe, expect, it } from "vitest";
import { groupSamples, sampleTitle, topicOf } from "./sampleGroups";

describe("groupSamples", () => {
  it("puts samples without a topic first, then each topic's samples in order", () => {
    const samples = [
      { id: "activation_relu", name: "Activations: deep MLP with ReLU" },
      { id: "lenet", name: "LeNet" },
      { id: "pool_max", name: "Pooling: max" },
      { id: "activation_sigmoid", name: "Activations: deep MLP with Sigmoid" },
      { id: "xor_mlp", name: "XOR MLP" },
    ];
    expect(groupSamples(samples).map((g) => [g.topic, g.samples.map((s) => s.id)])).toEqual([
      [null, ["lenet", "xor_mlp"]],
      ["Activations", ["activation_relu", "activation_sigmoid"]],
      ["Pooling", ["pool_max"]],
    ]);
  });

  it("reads a topic only before a colon and a space", () => {
    expect(topicOf("Loss: cross-entropy")).toBe("Loss");
    expect(topicOf("Ratio 1:2")).toBeNull();
    expect(topicOf("Small VGG")).toBeNull();
  });
});

describe("sampleTitle", () => {
  const xor = {
    id: "xor_mlp",
    name: "XOR MLP",
    title: { en: "XOR MLP", ja: "XOR を解く多層パーセプトロン" },
  };

  it("gives the title in the UI's language", () => {
    expect(sampleTitle(xor, "ja")).toBe("XOR を解く多層パーセプトロン");
    expect(sampleTitle(xor, "en")).toBe("XOR MLP");
  });

  it("falls back to the name without a title in that language", () => {
    expect(sampleTitle({ id: "a", name: "A" }, "ja")).toBe("A");
    expect(sampleTitle({ id: "a", name: "A", title: { en: "A", ja: "" } }, "ja")).toBe("A");
  });
});
