/** What a node is called on the canvas: in Japanese the palette's title (入力, 全結合 (Linear)), so
 * that the canvas and the palette say the same; in English its type, the English name that the
 * palette (beside its title), the files and the code share. A type the catalogue lacks (a unit's
 * use) is called by its type. Pure, tested beside. */
export function nodeTitle(
  type: string,
  lang: string,
  layers: ReadonlyMap<string, { title: Record<string, string | undefined> }>,
): string {
  if (lang !== "ja") return type;
  return layers.get(type)?.title.ja || type;
}
