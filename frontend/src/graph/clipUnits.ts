/**
 * Units riding with copied layers: a clip carries the definitions of the units its nodes use
 * (directly or through other units), and a paste adds those the document lacks. A unit of the
 * same name that differs is not replaced: the clip's comes in under a new name, and its uses
 * follow.
 */
import type { LayerNode } from "./types";
import { UNIT_TYPE, type UnitDef } from "./units";

const usedUnit = (node: LayerNode): string | null => {
  const name = node.data.params?.unit;
  return node.data.type === UNIT_TYPE && typeof name === "string" ? name : null;
};

/** The units `nodes` use, directly or through other units, each after the units it uses. */
export function unitsNeeded(nodes: readonly LayerNode[], units: readonly UnitDef[]): UnitDef[] {
  const byName = new Map(units.map((u) => [u.name, u]));
  const seen = new Set<string>();
  const order: UnitDef[] = [];
  const visit = (list: readonly LayerNode[]) => {
    for (const node of list) {
      const name = usedUnit(node);
      const unit = name === null ? undefined : byName.get(name);
      if (name === null || seen.has(name) || !unit) continue;
      seen.add(name);
      visit(unit.nodes);
      order.push(unit);
    }
  };
  visit(nodes);
  return order;
}

/** What a unit means (not where its nodes are drawn). */
function meaning(unit: UnitDef): string {
  return JSON.stringify({
    arguments: unit.arguments ?? [],
    nodes: unit.nodes.map((n) => [n.id, n.data.type, n.data.params ?? {}]),
    edges: unit.edges.map((e) => [e.source, e.target, e.targetHandle ?? "in0"]),
  });
}

/** `nodes` with uses of a renamed unit pointing at its new name. */
export function renameUses(nodes: readonly LayerNode[], renamed: ReadonlyMap<string, string>): LayerNode[] {
  return nodes.map((node) => {
    const name = usedUnit(node);
    const to = name === null ? undefined : renamed.get(name);
    return to === undefined
      ? node
      : { ...node, data: { ...node.data, params: { ...node.data.params, unit: to } } };
  });
}

function freeName(name: string, taken: ReadonlySet<string>): string {
  const stem = name.slice(0, 60);
  let n = 2;
  while (taken.has(`${stem}_${n}`)) n += 1;
  return `${stem}_${n}`;
}

/**
 * The clip's units (as `unitsNeeded` orders them) merged into the document's `have`: the units
 * to add, and the clip's names that had to change because the document's unit of that name differs.
 */
export function mergeUnits(
  have: readonly UnitDef[],
  clip: readonly UnitDef[],
): { added: UnitDef[]; renamed: Map<string, string> } {
  const taken = new Set(have.map((u) => u.name));
  const renamed = new Map<string, string>();
  const added: UnitDef[] = [];
  for (const unit of clip) {
    const nodes = renameUses(unit.nodes, renamed);
    const moved = nodes.some((n, i) => n !== unit.nodes[i]);
    const same = have.find((h) => h.name === unit.name);
    if (same && !moved && meaning(same) === meaning(unit)) continue;
    const name = taken.has(unit.name) ? freeName(unit.name, taken) : unit.name;
    if (name !== unit.name) renamed.set(unit.name, name);
    taken.add(name);
    added.push({ ...structuredClone({ ...unit, nodes: [] }), name, nodes: structuredClone(nodes) });
  }
  return { added, renamed };
}
