/** Node ids: the layer type lowercased plus the smallest positive integer that is free. */

export function nextId(type: string, taken: ReadonlySet<string>): string {
  const base = type.toLowerCase();
  for (let n = 1; ; n += 1) {
    const id = `${base}${n}`;
    if (!taken.has(id)) return id;
  }
}
