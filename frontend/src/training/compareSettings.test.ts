import { describe, expect, it } from "vitest";
import raw from "../../openapi.json?raw";
import { ja } from "../i18n/ja";
import { testTranslations } from "../i18n/testing";
import { settingsThatDiffer, valueText } from "./compareSettings";
import { configSchemaOf } from "./launchForm";

const base = {
  epochs: 4,
  optimizer: "adam",
  lr: 0.002,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weight_decay: 0,
  early_stopping: false,
  patience: 5,
  seed: 0,
  init_from: null,
  freeze: [],
};

describe("settingsThatDiffer", () => {
  it("names the optimizer and the settings only one of the two uses, in the form's order", () => {
    expect(settingsThatDiffer({ ...base, optimizer: "sgd" }, base)).toEqual([
      { name: "optimizer", a: "sgd", b: "adam" },
      { name: "beta1", a: null, b: "0.9" },
      { name: "beta2", a: null, b: "0.999" },
      { name: "eps", a: null, b: "1e-8" },
    ]);
  });

  it("leaves out a setting neither job uses, even when its stored values differ", () => {
    // plain SGD and Adam: momentum is stored but used by neither
    const a = { ...base, optimizer: "sgd", momentum: 0.5 };
    expect(settingsThatDiffer(a, base).map((d) => d.name)).not.toContain("momentum");
  });

  it("shows momentum against Nesterov's, and early stopping with its patience", () => {
    const a = { ...base, optimizer: "momentum", momentum: 0.9 };
    const b = { ...base, optimizer: "nesterov", momentum: 0.8, early_stopping: true };
    expect(settingsThatDiffer(a, b)).toEqual([
      { name: "optimizer", a: "momentum", b: "nesterov" },
      { name: "momentum", a: "0.9", b: "0.8" },
      { name: "early_stopping", a: "false", b: "true" },
      { name: "patience", a: null, b: "5" },
    ]);
  });

  it("includes the starting weights and the frozen nodes of a fine-tuning run", () => {
    const b = { ...base, init_from: "pretrained:mnist_0to4", freeze: ["conv1", "conv2"] };
    expect(settingsThatDiffer(base, b)).toEqual([
      { name: "init_from", a: "–", b: "pretrained:mnist_0to4" },
      { name: "freeze", a: "–", b: "conv1, conv2" },
    ]);
  });

  it("counts a job from before the test fraction as holding none, and names a test fraction", () => {
    expect(settingsThatDiffer(base, { ...base, test_fraction: 0 })).toEqual([]);
    expect(settingsThatDiffer(base, { ...base, test_fraction: 0.2 })).toEqual([
      { name: "test_fraction", a: "0", b: "0.2" },
    ]);
  });

  it("is empty for two runs of the same settings", () => {
    expect(settingsThatDiffer(base, { ...base })).toEqual([]);
  });
});

describe("valueText", () => {
  const schema = configSchemaOf(JSON.parse(raw));
  const { tEn, tJa } = testTranslations();

  it("words a choice as the launch panel does, in English and Japanese", () => {
    expect(valueText(tEn, schema, "optimizer", "momentum")).toBe("Momentum SGD");
    expect(valueText(tJa, schema, "optimizer", "momentum")).toBe(ja.training.launch.optimizers.momentum);
    expect(valueText(tEn, schema, "optimizer", "adam")).toBe("Adam");
    expect(valueText(tEn, schema, "schedule", "cosine")).toBe("cosine decay");
    expect(valueText(tJa, schema, "device", "cpu")).toBe(ja.training.launch.options.device.cpu);
    expect(valueText(tEn, null, "optimizer", "nesterov")).toBe("Nesterov momentum"); // before the schema
  });

  it("keeps a number or a list as it is", () => {
    const t = tEn;
    expect(valueText(t, schema, "lr", "0.01")).toBe("0.01");
    expect(valueText(t, schema, "freeze", "fc1, fc2")).toBe("fc1, fc2");
  });
});
