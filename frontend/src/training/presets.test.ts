import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/http";
import { memoryStorage } from "../testing/memoryStorage";
import {
  datasetChoice,
  forgetPreset,
  jobNote,
  jobNoteOf,
  keepJobNote,
  keepPreset,
  launchOf,
  launchPreset,
  lessonOfJob,
  lessonPreset,
  networkPreset,
  noteText,
  presetOf,
  samplePreset,
  withConfig,
  withLaunch,
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

  it("are dropped one network at a time", () => {
    keepPreset(7, { dataset: "xor", config: { epochs: -3 } });
    keepPreset(8, { dataset: "moons", config: null });
    forgetPreset(7);
    forgetPreset(9);
    expect(presetOf(7)).toBeNull();
    expect(presetOf(8)?.dataset).toBe("moons");
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

describe("the launch preset the server keeps with a network", () => {
  const note = { en: "Train it; expect 100 %.", ja: "Train it; expect 100 %." };
  const launch = { dataset: "upload:12", config: { epochs: 150, lr: 0.02 }, note };
  const read = async (name: string) => {
    if (name !== "xor_mlp") throw new Error(`no sample named '${name}'`);
    return { dataset: "xor", config: { epochs: 50 }, note: { en: "xor", ja: "xor" } };
  };

  it("is the network's preset, its dataset, settings and note as a class copy has them", async () => {
    expect(launchPreset(launch)).toEqual({ dataset: "upload:12", config: { epochs: 150, lr: 0.02 }, note });
    expect(launchPreset({ dataset: "xor" })).toEqual({ dataset: "xor", config: null });
    expect(launchPreset(null)).toBeNull();
    expect(await networkPreset({ launch, sample: null }, read)).toEqual(launchPreset(launch));
  });

  it("comes before the sample's lesson; without either there is none (localStorage's, then)", async () => {
    expect(await networkPreset({ launch, sample: "xor_mlp" }, read)).toEqual(launchPreset(launch));
    expect((await networkPreset({ launch: null, sample: "xor_mlp" }, read))?.sample).toBe("xor_mlp");
    expect(await networkPreset({ launch: null, sample: null }, read)).toBeNull();
    expect(await networkPreset({}, read)).toBeNull();
  });

  it("is what a save sends of the document's preset, except a sample's (its name keeps it)", () => {
    const preset = launchPreset(launch);
    expect(launchOf(preset)).toEqual(launch);
    expect(launchOf({ dataset: "xor", config: null })).toEqual({ dataset: "xor", config: null, note: null });
    expect(launchOf(samplePreset({ dataset: "xor", config: {}, note, name: "xor_mlp" }))).toBeUndefined();
    expect(launchOf({ dataset: null, config: null })).toBeUndefined();
    expect(launchOf({ dataset: "", config: null, note: null })).toBeUndefined();
    expect(launchOf(null)).toBeUndefined();
  });

  it("round-trips: what is sent is read back as the same preset", () => {
    const preset = { dataset: "moons", config: { epochs: 3 }, note };
    const sent = launchOf(preset);
    expect(launchPreset(sent)).toEqual(preset);
  });
});

describe("a job's note", () => {
  beforeEach(() => vi.stubGlobal("localStorage", memoryStorage()));
  const note = { en: "Expect 99 %.", ja: "99 % 以上。" };

  it("is the server's, else what this browser kept when it launched the job before", () => {
    keepJobNote(5, { en: "old", ja: "古い" });
    expect(jobNote(5, { note })).toEqual(note);
    expect(jobNote(5, { note: null })).toEqual({ en: "old", ja: "古い" });
    expect(jobNote(5, null)).toEqual({ en: "old", ja: "古い" });
    expect(jobNote(6, { note: null })).toBeNull();
  });
});

describe("a save with a launch preset", () => {
  const launch = { dataset: "xor", config: { epochs: 3 }, note: null };

  it("sends it, and without it when the server refuses it, so the save still happens", async () => {
    const sent: unknown[] = [];
    const refusing = async (given?: unknown) => {
      sent.push(given);
      if (given) throw new ApiError(422, "impossible training config");
      return "saved";
    };
    expect(await withLaunch(launch, refusing)).toBe("saved");
    expect(sent).toEqual([launch, undefined]);
    let told = 0;
    expect(await withLaunch(launch, refusing, () => (told += 1))).toBe("saved");
    expect(sent).toEqual([launch, undefined, launch, undefined]);
    expect(told).toBe(1);
  });

  it("sends it once when taken, and passes on every other failure", async () => {
    const sent: unknown[] = [];
    expect(await withLaunch(launch, async (given) => sent.push(given))).toBe(1);
    expect(sent).toEqual([launch]);
    const down = async () => {
      throw new ApiError(503, "down");
    };
    await expect(withLaunch(launch, down)).rejects.toThrow("down");
    const badGraph = async () => {
      throw new ApiError(422, "not a graph");
    };
    await expect(withLaunch(undefined, badGraph)).rejects.toThrow("not a graph");
  });
});
