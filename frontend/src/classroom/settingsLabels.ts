/** The settings a class compares jobs by (and a publication shows), labelled as the launch form
 * labels them: "Epochs 300, Batch size 32, Optimizer Adam, Learning rate 0.02" (and the test set's
 * share when the job held one out). Pure, tested beside; the labels come from the caller. */

const SETTINGS = ["epochs", "batch_size", "optimizer", "lr", "test_fraction"];

export function settingsLabelled(
  config: Record<string, unknown> | null | undefined,
  title: (name: string) => string,
  value: (name: string, value: unknown) => string,
): string {
  return Object.entries(config ?? {})
    .filter(([name, v]) => SETTINGS.includes(name) && (name !== "test_fraction" || Number(v) > 0))
    .sort(([a], [b]) => SETTINGS.indexOf(a) - SETTINGS.indexOf(b))
    .map(([name, v]) => `${title(name)} ${value(name, v)}`)
    .join(", ");
}
