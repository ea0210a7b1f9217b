/** The samples menu's groups: a sample named "Topic: what it is" goes under its topic.
 *
 * The course's comparisons (issue 13) are named so ("Pooling: max", "Pooling: average"),
 * and would otherwise sit among the other samples in the order of their ids. Samples
 * without a topic come first, as they are; then each topic in the order it first appears.
 */

export interface NamedSample {
  id: string;
  name: string;
}

/** A sample's title in each language (`GET /api/samples` serves `title`; `name` is the English). */
export interface TitledSample extends NamedSample {
  title?: { en: string; ja: string } | null;
}

/** What the menu shows for a sample in language `lang`: its title in that language, else its
 * name. Groups stay keyed by the English name's topic, whose label the i18n tables translate. */
export function sampleTitle(sample: TitledSample, lang: "en" | "ja"): string {
  return sample.title?.[lang] || sample.name;
}

export interface SampleGroup<T extends NamedSample> {
  topic: string | null;
  samples: T[];
}

const TOPIC = /^([^:]+):\s+\S/;

/** The topic of a sample's name ("Pooling" of "Pooling: max"), or null. */
export function topicOf(name: string): string | null {
  return TOPIC.exec(name)?.[1]?.trim() ?? null;
}

export function groupSamples<T extends NamedSample>(samples: readonly T[]): SampleGroup<T>[] {
  const untitled: T[] = [];
  const topics = new Map<string, T[]>();
  for (const sample of samples) {
    const topic = topicOf(sample.name);
    if (topic === null) untitled.push(sample);
    else topics.set(topic, [...(topics.get(topic) ?? []), sample]);
  }
  const groups: SampleGroup<T>[] = untitled.length ? [{ topic: null, samples: untitled }] : [];
  for (const [topic, members] of topics) groups.push({ topic, samples: members });
  return groups;
}
