/** Try-it with several Inputs, its pure parts (tested beside; the panel is TryItInputs.tsx):
 * how each Input is tried and the request the fields make. */
export type InputFacts = {
  node: string;
  variable: string;
  shape: number[];
  /** The variable's column names when the dataset knows them (an upload's `x:a,x:b`). */
  columns?: string[];
};
/** Images and numbers by variable; a network of numbers only sends `inputs` alone. */
export type TryBody =
  | { images: Record<string, string>; inputs?: Record<string, number[]> }
  | { inputs: Record<string, number[]> };

const MAX_FIELDS = 64;

/** How an Input is tried: drawn (an image [C, H, W]), typed (numbers), or not here. */
export function tryKind(input: InputFacts): "image" | "numbers" | null {
  if (input.shape.length === 3) return "image";
  const size = input.shape.reduce((a, b) => a * b, 1);
  return input.shape.length === 1 && size > 0 && size <= MAX_FIELDS ? "numbers" : null;
}

/** The request: each drawn Input's image and each typed Input's numbers, by variable; null
 * until every Input has its image and every field a number. */
export function tryBody(
  inputs: readonly InputFacts[],
  drawn: Record<string, string>,
  typed: Record<string, string[]>,
): TryBody | null {
  const images: Record<string, string> = {};
  let numbers: Record<string, number[]> | undefined;
  for (const input of inputs) {
    if (tryKind(input) === "image") {
      const image = drawn[input.variable];
      if (!image) return null;
      images[input.variable] = image;
    } else {
      const fields = typed[input.variable] ?? fieldsOf(input);
      if (fields.some((v) => v.trim() === "" || !Number.isFinite(Number(v)))) return null;
      numbers = { ...numbers, [input.variable]: fields.map(Number) };
    }
  }
  if (Object.keys(images).length === 0 && numbers) return { inputs: numbers };
  return numbers ? { images, inputs: numbers } : { images };
}

export const fieldsOf = (input: InputFacts) =>
  Array.from({ length: input.shape.reduce((a, b) => a * b, 1) }, () => "0");

/** How the heading names an Input's variable: with its columns when the dataset knows them
 * and they fit its fields ("x: a, b"), else the variable alone. */
export function variableText(input: InputFacts): string {
  const size = input.shape.reduce((a, b) => a * b, 1);
  const columns = input.columns ?? [];
  return columns.length > 0 && columns.length === size
    ? `${input.variable}: ${columns.join(", ")}`
    : input.variable;
}

/** Each Input's facts with its variable's column names from the dataset's `input_columns`. */
export function withColumns(inputs: InputFacts[], columns: Record<string, string[]>): InputFacts[] {
  return inputs.map((input) =>
    columns[input.variable] ? { ...input, columns: columns[input.variable] } : input,
  );
}
