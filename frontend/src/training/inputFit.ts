/** The launch panel's check of the network's Inputs against the chosen dataset (issue 15,
 * several Inputs): each Input's shape against the samples of the variable it reads (`x`, or
 * `x2`, … as the dataset's `more_inputs` lists them), naming the Input. */

export type InputOf = { id: string; variable: string; shape: number[] };
/** A dataset's input variables and their sample shapes: `x`, then `x2`, …; null: not known. */
export type Variables = Record<string, number[]>;
/** An Input that does not fit: `sample` its variable's shape, null when the dataset lacks it. */
export type Misfit = InputOf & { sample: number[] | null };

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** The variables of a built-in dataset or an upload's info (`sample_shape` or `input_shape`
 * for x, `more_inputs` for the rest); null when x's shape is not known. */
export function variablesOf(x: unknown, moreInputs: unknown): Variables | null {
  if (!Array.isArray(x) || x.length === 0) return null;
  const variables: Variables = { x: x.map(Number) };
  if (moreInputs && typeof moreInputs === "object") {
    for (const [name, shape] of Object.entries(moreInputs as Record<string, unknown>)) {
      if (Array.isArray(shape)) variables[name] = shape.map(Number);
    }
  }
  return variables;
}

/** Every Input whose variable the dataset lacks or whose shape differs from its samples'. */
export function misfits(inputs: readonly InputOf[], variables: Variables | null): Misfit[] {
  if (variables === null) return [];
  const found: Misfit[] = [];
  for (const input of inputs) {
    const sample = variables[input.variable];
    if (sample === undefined) found.push({ ...input, sample: null });
    else if (!sameShape(sample, input.shape)) found.push({ ...input, sample });
  }
  return found;
}
