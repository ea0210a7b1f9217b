import { beforeEach, describe, expect, it, vi } from "vitest";
import { memoryStorage } from "../testing/memoryStorage";
import {
  datasetChoice,
  jobNoteOf,
  keepJobNote,
  keepPreset,
  lessonOfJob,
  lessonPreset,
  noteText,
  presetOf,
  samplePreset,
  withConfig,
} from "./presets";

describe("launch presets", () => {
  beforeEach(() => vi.stubGlobal("localStorage", memoryStorage()));

  it("are kept per network and survive a reload of the store", () => {
    keepPreset(7, { dataset: "xor", config: { epochs: 150 } });
    keepPreset(8, { dataset: "upload:12", config: null });
    expect(presetOf(7)).toEqual({ dataset: "xor", config: { epochs: 150 } });
    expect(presetOf(8)?.dataset).toBe("upload:12");
    expect(presetOf(9)).toBeNull();
    expect(presetOf(null)).toBeNull();
  });

  it("ignore a corrupt entry instead of failing", () => {
    localStorage.setItem("netcanvas.launchPresets", "{not json");
    expect(presetOf(7)).toBeNull();
  });

  it("choose uploads by id, as the launch panel's select does", () => {
    expect(datasetChoice("upload:12")).toBe("12");
    expect(datasetChoice("xor")).toBe("xor");
    expect(datasetChoice(null)).toBe("");
  });

  it("lay a config over the form, as text for numbers, and only the form's fields", () => {
    const form = { epochs: "10", lr: "0.001", optimizer: "adam", early_stopping: false };
    const merged = withConfig(form, { epochs: 150, lr: 0.02, early_stopping: true, unknown: 1 });
    expect(merged).toEqual({ epochs: "150", lr: "0.02", optimizer: "adam", early_stopping: true });
  });
  it("take a sample's dataset, config and note, and keep the note with the network", () => {
    const note = { en: "Look at the loss.", ja: "損失を見ましょう。" };
    const preset = samplePreset({ dataset: "xor", config: { epochs: 50 }, note });
    expect(preset).toEqual({ dataset: "xor", config: { epochs: 50 }, note });
    keepPreset(3, preset);
    expect(presetOf(3)?.note).toEqual(note);
  });

  it("give the note in the UI's language, English when the other is empty", () => {
    const note = { en: "Look at the loss.", ja: "損失を見ましょう。" };
    expect(noteText(note, "ja")).toBe("損失を見ましょう。");
    expect(noteText(note, "en")).toBe("Look at the loss.");
    expect(noteText({ en: "Only English.", ja: "" }, "ja")).toBe("Only English.");
    expect(noteText(null, "en")).toBeNull();
  });

  it("keep a job's note per job, ignoring what is not a note", () => {
    keepJobNote(41, { en: "Expect 99 %.", ja: "99 % 以上。" });
    expect(jobNoteOf(41)).toEqual({ en: "Expect 99 %.", ja: "99 % 以上。" });
    expect(jobNoteOf(42)).toBeNull();
    localStorage.setItem("netcanvas.jobNotes", JSON.stringify({ 43: "text" }));
    expect(jobNoteOf(43)).toBeNull();
  });
});

describe("lessonOfJob", () => {
  const note = { en: "XOR needs a hidden layer", ja: "XOR には隠れ層が必要" };
  const samples = [
    { name: "XOR MLP", dataset: "xor", config: { epochs: 50, lr: 0.05 }, note },
    { name: "Perceptron", dataset: "xor", config: { epochs: 50, lr: 0.05 }, note: { en: "p", ja: "p" } },
  ];
  const job = { dataset: "xor", config: { epochs: 50, lr: 0.05, batch_size: 32 } };

  it("finds the sample by its network's name, dataset and settings", () => {
    expect(lessonOfJob(samples, job, "XOR MLP")).toEqual(note);
  });
  it("gives nothing for another dataset, other settings or another network", () => {
    expect(lessonOfJob(samples, { ...job, dataset: "moons" }, "XOR MLP")).toBeNull();
    expect(lessonOfJob(samples, { ...job, config: { ...job.config, lr: 0.1 } }, "XOR MLP")).toBeNull();
    expect(lessonOfJob(samples, job, "my network")).toBeNull();
  });
  it("finds the sample by its title in either language, as a sample opened in Japanese is named", () => {
    const titled = samples.map((s) => ({ ...s, title: { en: s.name, ja: `${s.name}（日本語）` } }));
    expect(lessonOfJob(titled, job, "XOR MLP（日本語）")).toEqual(note);
    expect(lessonOfJob(titled, job, "XOR MLP")).toEqual(note);
    expect(lessonOfJob(titled, job, "Perceptron（日本語）")).toEqual({ en: "p", ja: "p" });
    expect(lessonOfJob(titled, job, "")).toBeNull();
  });
});

describe("the lesson of the sample a saved network names", () => {
  const note = { en: "look", ja: "見て" };
  const dcgan = { dataset: "digits", config: { epochs: 30 }, note };
  const lessons: Record<string, typeof dcgan> = { dcgan_digits: dcgan };
  const read = async (name: string) => {
    const found = lessons[name];
    if (!found) throw new Error(`no sample named '${name}'`);
    return found;
  };

  it("is the sample's preset, naming the sample, as when opened from the samples list", async () => {
    const preset = await lessonPreset("dcgan_digits", read);
    expect(preset).toEqual({ dataset: "digits", config: { epochs: 30 }, note, sample: "dcgan_digits" });
    expect(preset).toEqual(samplePreset({ ...dcgan, name: "dcgan_digits" }));
  });

  it("is none for a network from no sample, or one naming a sample no longer shipped", async () => {
    expect(await lessonPreset(null, read)).toBeNull();
    expect(await lessonPreset(undefined, read)).toBeNull();
    expect(await lessonPreset("removed_since", read)).toBeNull();
  });
});
