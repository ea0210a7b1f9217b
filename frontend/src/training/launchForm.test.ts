import { describe, expect, it } from "vitest";
import raw from "../../openapi.json?raw";
import {
  trainingConfigDeviceValues,
  trainingConfigKeep_bestValues,
  trainingConfigLast_batchValues,
  trainingConfigScheduleValues,
} from "../api/schema";
import { en } from "../i18n/en";
import { ja } from "../i18n/ja";
import {
  body,
  configSchemaOf,
  defaults,
  fitsDataset,
  helpOf,
  needsWholeRow,
  optionKey,
  problemOf,
  problems,
  settingTitle,
  shown,
  titleOf,
} from "./launchForm";

const schema = configSchemaOf(JSON.parse(raw));
const field = (name: string) => schema.properties[name] ?? {};

describe("launch form from the TrainingConfig schema", () => {
  it("starts every field at the schema's default", () => {
    const values = defaults(schema);
    expect(values.epochs).toBe("10");
    expect(values.batch_size).toBe("64");
    expect(values.optimizer).toBe("adam");
    expect(values.lr).toBe("0.001");
    expect(values.early_stopping).toBe(false);
    expect(body(schema, values)).toMatchObject({ epochs: 10, batch_size: 64, optimizer: "adam", lr: 0.001 });
  });

  it("refuses 0 epochs with the bound, and accepts 1", () => {
    expect(problemOf(field("epochs"), "0")).toEqual({ code: "range", bound: "≥ 1" });
    expect(problems(schema, { ...defaults(schema), epochs: "0" })).toEqual({
      epochs: { code: "range", bound: "≥ 1" },
    });
    expect(problemOf(field("epochs"), "1")).toBeNull();
    expect(problemOf(field("epochs"), "2.5")).toEqual({ code: "integer" });
    expect(problemOf(field("epochs"), "")).toEqual({ code: "number" });
    expect(problemOf(field("lr"), "0")).toEqual({ code: "range", bound: "> 0" });
    expect(problemOf(field("momentum"), "1")).toEqual({ code: "range", bound: "< 1" });
    expect(problems(schema, defaults(schema))).toEqual({});
  });

  it("shows optimizer and schedule fields only when they apply", () => {
    const base = defaults(schema);
    const adam = shown(schema, base);
    expect(adam).toContain("beta1");
    expect(adam).not.toContain("momentum");
    expect(adam).not.toContain("step_size");
    expect(adam).not.toContain("patience");
    const sgdStep = shown(schema, { ...base, optimizer: "momentum", schedule: "step", early_stopping: true });
    expect(sgdStep).toEqual(expect.arrayContaining(["momentum", "step_size", "gamma", "patience"]));
    expect(sgdStep).not.toContain("beta1");
    expect(shown(schema, { ...base, optimizer: "rmsprop" })).toEqual(
      expect.arrayContaining(["momentum", "rho"]),
    );
    expect(shown(schema, { ...base, schedule: "warmup" })).toContain("warmup_epochs");
    expect(shown(schema, { ...base, schedule: "exponential" })).not.toContain("step_size");
  });

  it("ignores a hidden field's bad value and does not send it", () => {
    const values = { ...defaults(schema), patience: "0" };
    expect(problems(schema, values)).toEqual({});
    expect(body(schema, values)).not.toHaveProperty("patience");
  });

  it("titles a field in the UI language", () => {
    expect(titleOf(field("epochs"), "epochs", "ja")).toBe("エポック数");
    expect(titleOf(field("epochs"), "epochs", "en")).toBe("Epochs");
  });
});

describe("settingTitle", () => {
  it("names a phase's or a compared job's setting as the launch form does, in each language", () => {
    const schema = configSchemaOf(JSON.parse(raw));
    expect(settingTitle(schema, "lr", "en")).toBe("Learning rate");
    expect(settingTitle(schema, "lr", "ja")).toBe("学習率");
    expect(settingTitle(schema, "weight_decay", "ja")).toBe("重み減衰");
  });

  it("falls back to the setting's name while the schema is not there", () => {
    expect(settingTitle(null, "beta1", "ja")).toBe("beta1");
  });
});

describe("optionKey", () => {
  const lookup = (tree: object, key: string): unknown =>
    key
      .split(".")
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);

  it("labels every choice of keep_best, last_batch, schedule and device in both languages, not with its value", () => {
    const choices = [
      ...trainingConfigKeep_bestValues.map((v) => ["keep_best", v] as const),
      ...trainingConfigLast_batchValues.map((v) => ["last_batch", v] as const),
      ...trainingConfigScheduleValues.map((v) => ["schedule", v] as const),
      ...trainingConfigDeviceValues.map((v) => ["device", v] as const),
    ];
    for (const [name, value] of choices) {
      for (const strings of [en, ja]) {
        const label = lookup(strings, optionKey(name, value));
        expect(typeof label, `${name}=${value}`).toBe("string");
        expect(label).not.toBe(value);
      }
    }
    expect(lookup(en, optionKey("keep_best", "val_loss"))).toBe("the epoch of lowest validation loss");
    expect(lookup(en, optionKey("optimizer", "adam"))).toBeUndefined(); // shown as its value
  });
});

describe("needsWholeRow", () => {
  it("gives the schedule the whole row for 'exponential decay', which a half column cut", () => {
    const labels = trainingConfigScheduleValues.map((v) => en.training.launch.options.schedule[v]);
    expect(labels).toContain("exponential decay");
    expect(needsWholeRow(labels)).toBe(true);
  });

  it("counts a Japanese character twice, and leaves short labels in their half column", () => {
    expect(needsWholeRow(["指数減衰"])).toBe(false);
    expect(needsWholeRow(["学習率を指数的に減衰"])).toBe(true);
    expect(needsWholeRow(["SGD", "Adam"])).toBe(false);
  });
});

describe("helpOf", () => {
  it("tells, with early stopping, how to end with the best epoch's weights, in both languages", () => {
    expect(helpOf(field("early_stopping"), "en")).toContain("set Keep weights of to val_loss");
    expect(helpOf(field("early_stopping"), "ja")).toContain("保存する重みを val_loss");
  });
});

describe("test fraction", () => {
  const builtin = { validation: "split" as const, normal_class: null };
  const values = { ...defaults(schema), test_fraction: "0.2" };

  it("sits below the validation split for a built-in set and is sent with the config", () => {
    const names = shown(schema, defaults(schema), fitsDataset(builtin));
    expect(names.indexOf("test_fraction")).toBe(names.indexOf("validation_split") + 1);
    expect(defaults(schema).test_fraction).toBe("0"); // no test set unless asked
    expect(body(schema, values, fitsDataset(builtin))).toMatchObject({
      test_fraction: 0.2,
      validation_split: 0.2,
    });
  });

  it("is refused above 0.5 and below 0, with the bound", () => {
    expect(problems(schema, { ...values, test_fraction: "0.6" }, fitsDataset(builtin))).toEqual({
      test_fraction: { code: "range", bound: "≤ 0.5" },
    });
    expect(problemOf(field("test_fraction"), "-0.1")).toEqual({ code: "range", bound: "≥ 0" });
  });

  it("is neither shown nor sent for an upload, a series or an anomaly set", () => {
    for (const fits of [
      fitsDataset(undefined),
      fitsDataset({ validation: "time_order", normal_class: null }),
      fitsDataset({ validation: "split", normal_class: "normal" }),
    ]) {
      expect(shown(schema, values, fits)).not.toContain("test_fraction");
      expect(body(schema, values, fits)).not.toHaveProperty("test_fraction");
      expect(problems(schema, { ...values, test_fraction: "0.9" }, fits)).toEqual({});
    }
  });

  it("says in both languages that the test set is scored once, never used to pick weights", () => {
    expect(settingTitle(schema, "test_fraction", "ja")).toBe("テストセットの割合");
    expect(helpOf(field("test_fraction"), "en")).toContain(
      "scored once after training, never used to pick weights",
    );
    expect(helpOf(field("test_fraction"), "ja")).toContain("重みを選ぶのには使わない");
  });
});
