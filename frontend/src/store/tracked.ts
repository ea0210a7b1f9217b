/**
 * What undo/redo keeps of the graph: nodes and edges without selection, measurements or drag
 * state. zundo takes this view of the state on every change, a drag's frames included, so it
 * is made cheaply: each node's and edge's view is kept per object (objects are never changed
 * in place, only replaced), and two views are compared field by field, not as JSON.
 */
import type { TrainingPlan } from "../graph/phases";
import type { LayerNode, LinkEdge } from "../graph/types";
import type { UnitDef } from "../graph/units";

/** One canvas: the network's, or a unit's. */
export interface Sheet {
  nodes: LayerNode[];
  edges: LinkEdge[];
}

/**
 * The whole document as undo keeps it. `nodes` and `edges` are the canvas shown: the network's
 * while `tab` is null, else unit `tab`'s (whose entry in `units` is then stale), and `network`
 * holds the network's canvas meanwhile. Units and the stashed network are replaced, never
 * changed in place, so they are compared by identity.
 */
export interface Tracked extends Sheet {
  tab?: string | null;
  network?: Sheet | null;
  units?: UnitDef[];
  /** The graph's `training` (phases); replaced, never changed in place. */
  training?: TrainingPlan | null;
}

const nodeViews = new WeakMap<LayerNode, LayerNode>();
const edgeViews = new WeakMap<LinkEdge, LinkEdge>();

function nodeView(node: LayerNode): LayerNode {
  let view = nodeViews.get(node);
  if (!view) {
    const { id, type, position, data } = node;
    view = { id, type, position, data };
    nodeViews.set(node, view);
  }
  return view;
}

function edgeView(edge: LinkEdge): LinkEdge {
  let view = edgeViews.get(edge);
  if (!view) {
    const { id, type, source, sourceHandle, target, targetHandle, data } = edge;
    view = { id, type, source, sourceHandle, target, targetHandle, data };
    edgeViews.set(edge, view);
  }
  return view;
}

export function tracked(state: Tracked): Tracked {
  return {
    nodes: state.nodes.map(nodeView),
    edges: state.edges.map(edgeView),
    tab: state.tab ?? null,
    network: state.network ?? null,
    units: state.units ?? [],
    training: state.training ?? null,
  };
}

/** Equal values: the same object, or the same JSON (parameters and `ui` are plain data). */
function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function sameNode(a: LayerNode, b: LayerNode): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.type === b.type &&
      a.position.x === b.position.x &&
      a.position.y === b.position.y &&
      same(a.data, b.data))
  );
}

function sameEdge(a: LinkEdge, b: LinkEdge): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.type === b.type &&
      a.source === b.source &&
      a.sourceHandle === b.sourceHandle &&
      a.target === b.target &&
      a.targetHandle === b.targetHandle &&
      same(a.data, b.data))
  );
}

/** Whether two views hold the same graph: then a change made no undo step. */
export function sameTracked(a: Tracked, b: Tracked): boolean {
  return (
    (a.tab ?? null) === (b.tab ?? null) &&
    (a.network ?? null) === (b.network ?? null) &&
    (a.training ?? null) === (b.training ?? null) &&
    (a.units ?? []).length === (b.units ?? []).length &&
    (a.units ?? []).every((unit, i) => unit === b.units?.[i]) &&
    a.nodes.length === b.nodes.length &&
    a.edges.length === b.edges.length &&
    a.nodes.every((node, i) => sameNode(node, b.nodes[i] as LayerNode)) &&
    a.edges.every((edge, i) => sameEdge(edge, b.edges[i] as LinkEdge))
  );
}

/** The tab shown right after the edit that left each history entry (see `tabHistory.ts`). */
const tabsAfter = new WeakMap<object, string | null>();

/** Note that the edit leaving history entry `entry` ended with `after` shown. */
export function noteEdit(entry: object, after: Tracked): void {
  tabsAfter.set(entry, after.tab ?? null);
}

/** The tab shown after the edit that left `entry`; undefined when not known. */
export const tabAfter = (entry: object | undefined): string | null | undefined =>
  entry ? tabsAfter.get(entry) : undefined;

/** Carry what is known about `from` over to `to` (the same edit's other history entry). */
export function carryTab(from: object | undefined, to: object | undefined): void {
  const tab = tabAfter(from);
  if (to && tab !== undefined) tabsAfter.set(to, tab);
}
