import { describe, expect, it } from "vitest";
import type { Catalogue, LayerInfo } from "../api/types";
import { family, paletteGroups } from "./paletteGroups";

function layer(category: string, type: string, en: string, ja: string): LayerInfo {
  return {
    type,
    category,
    title: { en, ja },
    help: { en: "", ja: "" },
    inputs: { min: 1, max: 1 },
    outputs: 1,
    params_schema: {},
    defaults: {},
    role: "layer",
    integer_input: false,
    target_kind: null,
    applies: [],
    expects_probabilities: false,
    probabilities: false,
  };
}

// A slice of GET /api/layers, in the order it serves them (the pooling ranks mixed up).
const catalogue: Catalogue = {
  categories: [
    { id: "io", title: { en: "Input", ja: "入力" } },
    { id: "pooling", title: { en: "Pooling", ja: "プーリング" } },
    { id: "activation", title: { en: "Activation", ja: "活性化関数" } },
    { id: "generative", title: { en: "Generative", ja: "生成モデル" } },
  ],
  layers: [
    layer("io", "Input", "Input", "入力"),
    layer("pooling", "MaxPool2d", "Max pooling 2D", "最大値プーリング"),
    layer("pooling", "MaxPool3d", "Max pooling 3D", "3次元最大値プーリング"),
    layer("pooling", "AvgPool2d", "Average pooling 2D", "平均値プーリング"),
    layer("pooling", "SumPool2d", "Sum pooling 2D", "合計値プーリング"),
    layer("pooling", "MaxPool1d", "Max pooling 1D", "1次元最大値プーリング"),
    layer("pooling", "AvgPool1d", "Average pooling 1D", "1次元平均値プーリング"),
    layer("pooling", "SumPool1d", "Sum pooling 1D", "1次元合計値プーリング"),
    layer("pooling", "AvgPool3d", "Average pooling 3D", "3次元平均値プーリング"),
    layer("pooling", "SumPool3d", "Sum pooling 3D", "3次元合計値プーリング"),
    layer("pooling", "GlobalAvgPool2d", "Global average pooling", "グローバル平均プーリング"),
    layer("pooling", "Upsample", "Upsample", "アップサンプリング"),
    layer("activation", "LeakyReLU", "Leaky ReLU", "Leaky ReLU"),
    layer("activation", "PReLU", "PReLU", "PReLU"),
    layer("activation", "ReLU6", "ReLU6", "ReLU6"),
    layer("activation", "ReLU", "ReLU", "ReLU"),
    layer("activation", "Softmax", "Softmax", "ソフトマックス"),
    layer("generative", "GaussianSample", "Gaussian sample", "ガウス分布からのサンプル"),
  ],
};

const POOLS_IN_ORDER = [
  ...["MaxPool1d", "MaxPool2d", "MaxPool3d"],
  ...["AvgPool1d", "AvgPool2d", "AvgPool3d"],
  ...["SumPool1d", "SumPool2d", "SumPool3d"],
  "GlobalAvgPool2d",
];

function shown(query: string, keep: (l: LayerInfo) => boolean = () => true): [string, string[]][] {
  return paletteGroups(catalogue, query, keep).map((g) => [g.category.id, g.layers.map((l) => l.type)]);
}

describe("family", () => {
  it("reads a layer's rank off its type", () => {
    expect(family("MaxPool3d")).toEqual({ name: "MaxPool", rank: 3 });
    expect(family("ConvTranspose2d")).toEqual({ name: "ConvTranspose", rank: 2 });
    expect(family("Softmax")).toEqual({ name: "Softmax", rank: 0 });
  });
});

describe("paletteGroups", () => {
  it("lists each family's ranks 1-D, 2-D, 3-D where the family first stands", () => {
    expect(shown("")).toEqual([
      ["io", ["Input"]],
      ["pooling", [...POOLS_IN_ORDER, "Upsample"]],
      ["activation", ["LeakyReLU", "PReLU", "ReLU6", "ReLU", "Softmax"]],
      ["generative", ["GaussianSample"]],
    ]);
  });

  it("orders a search for pool by family and rank, the category-only match last", () => {
    expect(shown("pool")).toEqual([["pooling", [...POOLS_IN_ORDER, "Upsample"]]]);
    expect(shown("  Pool ")).toEqual(shown("pool"));
  });

  it("orders a Japanese search the same way, whatever rank a title spells out", () => {
    expect(shown("プーリング")).toEqual([["pooling", [...POOLS_IN_ORDER, "Upsample"]]]);
    // 最大値プーリング (2-D) begins with 最大; 1次元最大値プーリング does once its rank is read off.
    expect(shown("最大")).toEqual([["pooling", ["MaxPool1d", "MaxPool2d", "MaxPool3d"]]]);
    expect(shown("3次元")).toEqual([["pooling", ["MaxPool3d", "AvgPool3d", "SumPool3d"]]]);
  });

  it("puts the exact title, then titles that begin with the query, first", () => {
    expect(shown("relu")).toEqual([["activation", ["ReLU", "ReLU6", "LeakyReLU", "PReLU"]]]);
    expect(shown("max pooling 2")).toEqual([["pooling", ["MaxPool2d"]]]);
    expect(shown("avgpool")).toEqual([
      ["pooling", ["AvgPool1d", "AvgPool2d", "AvgPool3d", "GlobalAvgPool2d"]],
    ]);
  });

  it("puts a group with a better match before an earlier category", () => {
    // A word of "Gaussian sample" begins with "sample"; "Upsample" only contains it.
    expect(shown("sample")).toEqual([
      ["generative", ["GaussianSample"]],
      ["pooling", ["Upsample"]],
    ]);
  });

  it("finds a category's layers by its title in either language", () => {
    expect(shown("活性化")).toEqual([["activation", ["LeakyReLU", "PReLU", "ReLU6", "ReLU", "Softmax"]]]);
    expect(shown("generative")).toEqual([["generative", ["GaussianSample"]]]);
    expect(shown("no such layer")).toEqual([]);
  });

  it("leaves out the layers not offered", () => {
    expect(shown("pool", (l) => !l.type.startsWith("Max"))).toEqual([
      ["pooling", [...POOLS_IN_ORDER.slice(3), "Upsample"]],
    ]);
  });
});
