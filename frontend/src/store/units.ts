/**
 * Edits of the document's units, through the graph store's `update` (one undo step each):
 * tabs, creating, renaming and deleting units (their uses follow), and a unit's arguments
 * (their `"$name"` references and the uses' `args` follow). Switching tabs is not a step of
 * its own: undo restores the tab an edit was made in together with the edit.
 */
import type { LayerNode } from "../graph/types";
import {
  argRef,
  editUses,
  IDENTIFIER,
  newUnit,
  rebind,
  renameArgKey,
  switchUse,
  type UnitArgument,
  type UnitDef,
  usesOf,
} from "../graph/units";
import { type GraphState, useGraphStore } from "./graphStore";
import { useSessionStore } from "./sessionStore";
import type { Sheet } from "./tracked";

const store = () => useGraphStore.getState();

const unselected = (nodes: readonly LayerNode[]): LayerNode[] =>
  nodes.map((n) => (n.selected ? { ...n, selected: false } : n));

/** Every unit with its live nodes and edges (the shown one's come from the canvas). */
export function liveUnits(s: Pick<GraphState, "tab" | "units" | "nodes" | "edges">): UnitDef[] {
  return s.units.map((u) => (u.name === s.tab ? { ...u, nodes: s.nodes, edges: s.edges } : u));
}

/** The network's canvas, wherever it is kept now. */
export function networkSheet(s: Pick<GraphState, "tab" | "network" | "nodes" | "edges">): Sheet {
  return s.tab === null || !s.network ? { nodes: s.nodes, edges: s.edges } : s.network;
}

/** The unit shown, or null on the network's tab. */
export function shownUnit(s: GraphState): UnitDef | null {
  return s.tab === null ? null : (liveUnits(s).find((u) => u.name === s.tab) ?? null);
}

/** Every node of the document: the network's and every unit's. */
export function allNodes(s: GraphState): LayerNode[] {
  return [...networkSheet(s).nodes, ...liveUnits(s).flatMap((u) => (u.name === s.tab ? [] : u.nodes))];
}

/** The patch that puts `tab`'s canvas on show, from the live state `s` (with `units` live). */
function showPatch(s: GraphState, units: UnitDef[], tab: string | null): Partial<GraphState> {
  const network = networkSheet(s);
  const stash = s.tab === null ? { nodes: unselected(s.nodes), edges: s.edges } : network;
  const saved = units.map((u) => (u.name === s.tab ? { ...u, nodes: unselected(u.nodes) } : u));
  if (tab === null) return { tab, nodes: stash.nodes, edges: stash.edges, network: null, units: saved };
  const unit = saved.find((u) => u.name === tab);
  if (!unit) return {};
  return { tab, nodes: unit.nodes, edges: unit.edges, network: stash, units: saved };
}

function refit(): void {
  const session = useSessionStore.getState();
  session.set({ fitRequest: session.fitRequest + 1 });
}

/** Show the network's canvas (null) or unit `tab`'s. */
export function openTab(tab: string | null): void {
  const s = store();
  if (s.tab === tab || (tab !== null && !s.units.some((u) => u.name === tab))) return;
  const history = useGraphStore.temporal.getState();
  history.pause();
  try {
    s.update((state) => showPatch(state, liveUnits(state), tab));
  } finally {
    history.resume();
  }
  refit();
}

/** Why `name` cannot name a unit (other than `current`): "invalid" or "taken"; null when it can. */
export function unitNameProblem(name: string, current?: string): "invalid" | "taken" | null {
  if (!IDENTIFIER.test(name)) return "invalid";
  if (name !== current && store().units.some((u) => u.name === name)) return "taken";
  return null;
}

/** Add a unit (UnitInput → UnitOutput) and show it; false when the name is not usable. */
export function createUnit(name: string): boolean {
  if (unitNameProblem(name) !== null) return false;
  store().update((s) => showPatch(s, [...liveUnits(s), newUnit(name)], name));
  refit();
  return true;
}

/** Apply `fn` to every canvas's nodes (the live one, the stashed network, every other unit). */
function everywhere(s: GraphState, fn: (nodes: LayerNode[]) => LayerNode[]): Partial<GraphState> {
  const patch: Partial<GraphState> = { nodes: fn(s.nodes) };
  if (s.network) patch.network = { ...s.network, nodes: fn(s.network.nodes) };
  patch.units = s.units.map((u) => (u.name === s.tab ? u : { ...u, nodes: fn(u.nodes) }));
  return patch;
}

/** Rename a unit; its uses follow. False when the new name is not usable. */
export function renameUnit(from: string, to: string): boolean {
  if (from === to) return true;
  if (unitNameProblem(to, from) !== null) return false;
  store().update((s) => {
    const patch = everywhere(s, (nodes) => editUses(nodes, from, (p) => ({ ...p, unit: to })));
    patch.units = (patch.units ?? s.units).map((u) => (u.name === from ? { ...u, name: to } : u));
    if (s.tab === from) patch.tab = to;
    return patch;
  });
  return true;
}

/** Make use `id` (on the shown canvas) use unit `name`, keeping only the values it has arguments for. */
export function switchUnit(id: string, name: string): void {
  store().update((s) => {
    const unit = liveUnits(s).find((u) => u.name === name);
    return {
      nodes: s.nodes.map((n) =>
        n.id === id ? { ...n, data: { ...n.data, params: switchUse(n.data.params ?? {}, name, unit) } } : n,
      ),
    };
  });
}

/** How many nodes of the document use unit `name`. */
export const unitUses = (name: string): number => usesOf(allNodes(store()), name);

/** Delete a unit and its uses (the caller asks first when there are uses). */
export function deleteUnit(name: string): void {
  const s = store();
  if (!s.units.some((u) => u.name === name)) return;
  if (s.tab === name) openTab(null);
  store().update((state) => {
    const keep = (nodes: LayerNode[]) => {
      const left = nodes.filter((n) => !(n.data.type === "Unit" && n.data.params?.unit === name));
      return left.length === nodes.length ? nodes : left;
    };
    const patch = everywhere(state, keep);
    const ids = new Set((patch.nodes ?? state.nodes).map((n) => n.id));
    patch.edges = state.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
    patch.units = (patch.units ?? state.units)
      .filter((u) => u.name !== name)
      .map((u) => {
        const left = new Set(u.nodes.map((n) => n.id));
        return { ...u, edges: u.edges.filter((e) => left.has(e.source) && left.has(e.target)) };
      });
    if (patch.network) {
      const left = new Set(patch.network.nodes.map((n) => n.id));
      const edges = patch.network.edges.filter((e) => left.has(e.source) && left.has(e.target));
      patch.network = { ...patch.network, edges };
    }
    return patch;
  });
}

/** Change the shown unit's argument list; `nodes` maps its canvas, `uses` every use's params. */
function editArguments(
  edit: (args: UnitArgument[]) => UnitArgument[],
  nodes: (nodes: LayerNode[]) => LayerNode[] = (n) => n,
  uses: (params: Record<string, unknown>) => Record<string, unknown> = (p) => p,
): void {
  const tab = store().tab;
  if (tab === null) return;
  store().update((s) => {
    const patch = everywhere(s, (all) => editUses(all, tab, uses));
    patch.nodes = nodes(patch.nodes ?? s.nodes);
    patch.units = (patch.units ?? s.units).map((u) =>
      u.name === tab ? { ...u, arguments: edit([...(u.arguments ?? [])]) } : u,
    );
    return patch;
  });
}

/** Add an argument to the shown unit, named `arg<n>`, default 1; returns its name. */
export function addArgument(): string | null {
  const unit = shownUnit(store());
  if (!unit) return null;
  const taken = new Set((unit.arguments ?? []).map((a) => a.name));
  let n = 1;
  while (taken.has(`arg${n}`)) n += 1;
  const name = `arg${n}`;
  editArguments((args) => [...args, { name, default: 1 }]);
  return name;
}

/** Rename an argument: `"$from"` references and the uses' `args` keys follow. */
export function renameArgument(from: string, to: string): boolean {
  const unit = shownUnit(store());
  if (!unit || from === to) return from === to;
  const args = unit.arguments ?? [];
  if (!IDENTIFIER.test(to) || args.some((a) => a.name === to)) return false;
  editArguments(
    (list) => list.map((a) => (a.name === from ? { ...a, name: to } : a)),
    (nodes) => rebind(nodes, from, argRef(to)),
    (params) => renameArgKey(params, from, to),
  );
  return true;
}

/** Set an argument's default value. */
export function setArgumentDefault(name: string, value: unknown): void {
  editArguments((list) => list.map((a) => (a.name === name ? { ...a, default: value } : a)));
}

/** Remove an argument: parameters bound to it take its default; the uses' values are dropped. */
export function removeArgument(name: string): void {
  const unit = shownUnit(store());
  const arg = unit?.arguments?.find((a) => a.name === name);
  if (!arg) return;
  editArguments(
    (list) => list.filter((a) => a.name !== name),
    (nodes) => rebind(nodes, name, arg.default),
    (params) => renameArgKey(params, name, null),
  );
}
