/**
 * Launch settings that come with a network: the dataset, training config and note of a sample
 * opened from the "New from sample" menu, or of a network copied from the class (what its teacher
 * published). The launch panel starts from them instead of the defaults and shows the note.
 *
 * The server keeps them with the network, so they open in any browser of its owner: a sample saved
 * as a network names its sample (the network's `sample`; its lesson is fetched again,
 * `lessonPreset`), and any other preset is the network's `launch` (a class copy gets its teacher's;
 * a save of a document holding one sends it, `launchOf`). Opened, the preset rides with the
 * document (the session store, the draft, undo across documents). A preset is also kept per network
 * in localStorage: what networks saved before the server kept them fall back to. A job started with
 * a note keeps it on the server (the job's `note`); notes this browser kept per job before are the
 * fallback for the job's page.
 */
import { ApiError } from "../api/http";
import type { TrainingConfig } from "../api/jobs";
import type { Lang, LaunchPreset, LaunchPresetPublic, SampleNote } from "../api/models";
import type { Values } from "./launchForm";

export interface Preset {
  dataset: string | null;
  config: Record<string, unknown> | null;
  /** What to look for and the result to expect, in English and Japanese (samples have one). */
  note?: SampleNote | null;
  /** The sample it came from (its name in GET /api/samples), kept with the network when saved. */
  sample?: string | null;
  /** The title of the class publication it was copied from: `note` is then its teacher's. */
  from?: string | null;
}

const KEY = "netcanvas.launchPresets";
const NOTES_KEY = "netcanvas.jobNotes";

function read<T>(key: string): Record<string, T> {
  try {
    const found: unknown = JSON.parse(globalThis.localStorage?.getItem(key) ?? "{}");
    return found && typeof found === "object" ? (found as Record<string, T>) : {};
  } catch {
    return {};
  }
}

function write<T>(key: string, id: number, value: T): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify({ ...read<T>(key), [id]: value }));
  } catch {
    // over quota: a preset is a convenience, training works without it
  }
}

export function keepPreset(networkId: number, preset: Preset): void {
  write(KEY, networkId, preset);
}

/** Drop the preset this browser kept for a network (one the server refused). */
export function forgetPreset(networkId: number): void {
  const all = read<Preset>(KEY);
  if (!(String(networkId) in all)) return;
  delete all[String(networkId)];
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(all));
  } catch {
    // nothing to free: the entry stays, and the next save drops it again
  }
}

export function presetOf(networkId: number | null): Preset | null {
  return networkId === null ? null : (read<Preset>(KEY)[String(networkId)] ?? null);
}

/** A sample's lesson as the launch preset of the document it opens. */
export const samplePreset = (sample: {
  dataset: string;
  config: Record<string, unknown>;
  note: SampleNote;
  name?: string;
}): Preset => ({
  dataset: sample.dataset,
  config: sample.config,
  note: sample.note,
  ...(sample.name ? { sample: sample.name } : {}),
});

/** The lesson of the sample a saved network names, as its preset; null when the network names
 * none or a sample no longer shipped (`read` fails, e.g. 404), or the sample has no lesson. */
export async function lessonPreset(
  name: string | null | undefined,
  read: (name: string) => Promise<{
    dataset?: string | null;
    config?: Record<string, unknown> | null;
    note?: SampleNote | null;
  }>,
): Promise<Preset | null> {
  if (!name) return null;
  try {
    const { dataset, config, note } = await read(name);
    return dataset && config && note ? samplePreset({ dataset, config, note, name }) : null;
  } catch {
    return null;
  }
}

/** The launch preset the server keeps for a network (its `launch`), as a preset; null for none. */
export function launchPreset(launch: LaunchPresetPublic | null | undefined): Preset | null {
  if (!launch) return null;
  const preset: Preset = { dataset: launch.dataset ?? null, config: launch.config ?? null };
  if (!launch.note) return preset;
  // A teacher's note names the publication it came with (the panel heads it "From the class: …").
  const from = launch.note.from_class;
  return from ? { ...preset, note: launch.note, from } : { ...preset, note: launch.note };
}

/** A saved network's preset: the one the server keeps with it, else its sample's lesson; null when
 * it has neither (the launch panel then falls back to what this browser kept, `presetOf`). */
export async function networkPreset(
  network: { launch?: LaunchPresetPublic | null; sample?: string | null },
  read: Parameters<typeof lessonPreset>[1],
): Promise<Preset | null> {
  return launchPreset(network.launch) ?? (await lessonPreset(network.sample, read));
}

/** What a save sends as the network's `launch`: the preset, unless it is a sample's (the network
 * names the sample, whose lesson stays the one shipped) or holds nothing. */
export function launchOf(preset: Preset | null | undefined): LaunchPreset | undefined {
  if (!preset || preset.sample) return undefined;
  const { dataset, config, note } = preset;
  if (!dataset && !config && !note) return undefined;
  return { dataset: dataset || null, config: (config as LaunchPreset["config"]) ?? null, note: note ?? null };
}

/** `create(launch)`, or, when the server refuses the preset (a 422: settings of an older version
 * that this browser kept), `create()` without it: saving never fails for a convenience. When that
 * saves, the preset was what was refused: `refused` is called (to drop it, and say so). */
export async function withLaunch<T>(
  launch: LaunchPreset | undefined,
  create: (launch?: LaunchPreset) => Promise<T>,
  refused?: () => void,
): Promise<T> {
  try {
    return await create(launch);
  } catch (error) {
    if (!launch || !(error instanceof ApiError) || error.status !== 422) throw error;
    const saved = await create();
    refused?.();
    return saved;
  }
}

/** The note in the UI's language; null when there is none. */
export const noteText = (note: SampleNote | null | undefined, lang: Lang): string | null =>
  note ? note[lang] || note.en : null;

export function keepJobNote(jobId: number, note: SampleNote): void {
  write(NOTES_KEY, jobId, note);
}

export function jobNoteOf(jobId: number): SampleNote | null {
  const note = read<SampleNote>(NOTES_KEY)[String(jobId)];
  return note && typeof note.en === "string" ? note : null;
}

/** The launch panel's dataset choice for a preset's dataset: uploads are chosen by id. */
export const datasetChoice = (dataset: string | null): string => (dataset ?? "").replace(/^upload:/, "");

/** The form's values with a preset's config laid over them (numbers as the text typed). */
export function withConfig(values: Values, config: Record<string, unknown> | null | TrainingConfig): Values {
  const merged: Values = { ...values };
  for (const [name, value] of Object.entries(config ?? {})) {
    if (!(name in values)) continue;
    merged[name] = typeof value === "boolean" ? value : String(value);
  }
  return merged;
}

/** What `lessonOfJob` needs of a sample (as `GET /api/samples` lists it) and of a job. */
export interface LessonSample {
  name: string;
  /** The titles a network opened from the sample is named by, in the UI's language. */
  title?: { en: string; ja: string } | null;
  dataset?: string | null;
  config?: Record<string, unknown> | null;
  note?: SampleNote | null;
}
export interface LessonJob {
  dataset: string;
  config: Record<string, unknown>;
  /** The note it was launched with, as the server keeps it. */
  note?: SampleNote | null;
}

/** The note a job was launched with: the server's, else what this browser kept for it before. */
export const jobNote = (id: number, job: { note?: SampleNote | null } | null): SampleNote | null =>
  job?.note ?? jobNoteOf(id);

/**
 * The note of the sample a job trained as it came, for a browser that did not launch it: the
 * job's network has the sample's name (or its title in either language, as a sample opened in
 * Japanese is named) and the job ran on the lesson's dataset with every
 * setting the lesson sets. Null when no sample fits.
 */
export function lessonOfJob(
  samples: readonly LessonSample[],
  job: LessonJob,
  graphName: string | null | undefined,
): SampleNote | null {
  const named = (s: LessonSample) =>
    s.name === graphName || (!!graphName && (s.title?.en === graphName || s.title?.ja === graphName));
  const fits = (s: LessonSample) =>
    named(s) &&
    s.dataset === job.dataset &&
    Object.entries(s.config ?? {}).every(
      ([key, value]) => JSON.stringify(job.config[key]) === JSON.stringify(value),
    );
  return samples.find((s) => s.note && fits(s))?.note ?? null;
}
