/**
 * The palette's groups: the catalogue's categories in their order, a family's ranks
 * (MaxPool1d, MaxPool2d, MaxPool3d) together and in that order, each family where its first
 * member stands. A search keeps that order among equal matches and lifts better ones: a
 * title or type the query is, then one it begins, then one with a word it begins, then one
 * that contains it, then a layer found by its category alone; groups follow their best match.
 */
import type { Catalogue, LayerInfo } from "../api/types";

export type Category = Catalogue["categories"][number];

export interface PaletteGroup {
  category: Category;
  layers: LayerInfo[];
}

/** "MaxPool2d" is family "MaxPool" of rank 2; a type without a rank is its own family. */
export function family(type: string): { name: string; rank: number } {
  const found = /^(.*)([123])d$/.exec(type);
  return found ? { name: found[1] ?? type, rank: Number(found[2]) } : { name: type, rank: 0 };
}

/** A title without its rank ("Max pooling 2D", "1次元最大値プーリング", "バッチ正規化 1D"),
 * so that every rank of a family matches a query alike. */
function withoutRank(title: string): string {
  return title.replace(/^[123]次元/, "").replace(/\s*[123]D$/i, "");
}

const WORD_BREAK = /[\s()（）\-/]+/;

/** How a name matches `q` (lower case): 0 it is q, 1 begins with it, 2 a word of it does,
 * 3 contains it; null: not at all. */
function nameRank(name: string, q: string): number | null {
  const text = name.toLowerCase();
  if (text === q) return 0;
  if (text.startsWith(q)) return 1;
  if (text.split(WORD_BREAK).some((word) => word.startsWith(q))) return 2;
  return text.includes(q) ? 3 : null;
}

/** CATEGORY_ONLY: found by its category's id or title alone. */
export const CATEGORY_ONLY = 4;

/** How well `layer` matches the query `q` (trimmed, lower case); null: not at all. */
export function matchRank(layer: LayerInfo, category: Category | undefined, q: string): number | null {
  const { en, ja } = layer.title;
  const names = [layer.type, en, ja, withoutRank(en), withoutRank(ja)];
  const ranks = names.map((name) => nameRank(name, q)).filter((r): r is number => r !== null);
  if (ranks.length > 0) return Math.min(...ranks);
  const categoryNames = [layer.category, category?.title.en ?? "", category?.title.ja ?? ""];
  return categoryNames.some((name) => name.toLowerCase().includes(q)) ? CATEGORY_ONLY : null;
}

/** The catalogue's layers in palette order: each family's ranks together, 1-D, 2-D, 3-D. */
export function paletteOrder(layers: LayerInfo[]): LayerInfo[] {
  const first = new Map<string, number>();
  layers.forEach((layer, index) => {
    const name = family(layer.type).name;
    if (!first.has(name)) first.set(name, index);
  });
  const key = (layer: LayerInfo) => {
    const { name, rank } = family(layer.type);
    return [first.get(name) ?? 0, rank];
  };
  return [...layers].sort((a, b) => {
    const [fa = 0, ra = 0] = key(a);
    const [fb = 0, rb = 0] = key(b);
    return fa - fb || ra - rb;
  });
}

/** The palette's groups of the layers `keep` offers that match `query` (any when empty). */
export function paletteGroups(
  catalogue: Catalogue,
  query: string,
  keep: (layer: LayerInfo) => boolean,
): PaletteGroup[] {
  const q = query.trim().toLowerCase();
  const categories = new Map(catalogue.categories.map((c) => [c.id, c]));
  const ranked = paletteOrder(catalogue.layers.filter(keep)).flatMap((layer) => {
    const rank = q ? matchRank(layer, categories.get(layer.category), q) : 0;
    return rank === null ? [] : [{ layer, rank }];
  });
  // Array.prototype.sort is stable: equal matches keep the palette's order.
  ranked.sort((a, b) => a.rank - b.rank);
  return catalogue.categories
    .map((category, position) => {
      const found = ranked.filter((r) => r.layer.category === category.id);
      return { category, position, best: found[0]?.rank ?? 0, layers: found.map((r) => r.layer) };
    })
    .filter((g) => g.layers.length > 0)
    .sort((a, b) => a.best - b.best || a.position - b.position)
    .map(({ category, layers }) => ({ category, layers }));
}
