/** One evaluated sample's input: its image, or the start of its values. */
import type { SampleInput } from "../api/jobs";

export function SampleView({ sample }: { sample: SampleInput | undefined }) {
  if (!sample) return null;
  if (sample.image) return <img className="sample-image" src={sample.image} alt={`#${sample.index}`} />;
  return <code className="sample-values">{JSON.stringify(sample.values).slice(0, 80)}</code>;
}
