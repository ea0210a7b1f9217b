/** Try-it with several Inputs, its pure parts (tested beside; the panel is TryItInputs.tsx):
 * how each Input is tried and the request the fields make. */
export type InputFacts = { node: string; variable: string; shape: number[] };
export type TryBody = { images: Record<string, string>; inputs?: Record<string, number[]> };

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
  images: Record<string, string>,
  numbers: Record<string, string[]>,
): TryBody | null {
  const body: TryBody = { images: {} };
  for (const input of inputs) {
    if (tryKind(input) === "image") {
      const image = images[input.variable];
      if (!image) return null;
      body.images[input.variable] = image;
    } else {
      const fields = numbers[input.variable] ?? fieldsOf(input);
      if (fields.some((v) => v.trim() === "" || !Number.isFinite(Number(v)))) return null;
      body.inputs = { ...body.inputs, [input.variable]: fields.map(Number) };
    }
  }
  return body;
}

export const fieldsOf = (input: InputFacts) =>
  Array.from({ length: input.shape.reduce((a, b) => a * b, 1) }, () => "0");
