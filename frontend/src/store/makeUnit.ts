/**
 * "Make a unit from the selection": the selected nodes move into a new unit and are replaced
 * by one `Unit` node wired to the same neighbours. Each edge coming in becomes a `UnitInput`
 * port (in the order of the edges); the edges going out must all leave one node, which feeds
 * the `UnitOutput`. One undo step; the tab shown stays where it is.
 */
import { nextId } from "../graph/ids";
import { edgeId, inHandle, type LayerNode, type LinkEdge, SOURCE_HANDLE } from "../graph/types";
import { UNIT_INPUT, UNIT_OUTPUT, UNIT_TYPE, type UnitDef } from "../graph/units";
import { useGraphStore } from "./graphStore";
import { unitNameProblem } from "./units";

/** Why the selection cannot become a unit; null when it can. */
export type MakeUnitProblem = "empty" | "ends" | "noise" | "outputs" | "name";

/** RandomNoise belongs on the main canvas, never in a unit (the server's `unit.noise_inside`). */
export const NOISE_TYPE = "RandomNoise";

/** Whether the selection holds a node no unit may hold for that reason: a RandomNoise. */
export const selectionHasNoise = (nodes: readonly LayerNode[]): boolean =>
  nodes.some((n) => n.selected && n.data.type === NOISE_TYPE);

/** A new edge; `from` (an edge it replaces) passes on its data, such as a written target_port. */
function link(source: string, target: string, targetHandle: string, from?: LinkEdge): LinkEdge {
  const id = edgeId(source, target, targetHandle);
  const data = structuredClone(from?.data ?? {});
  return { id, type: "link", source, sourceHandle: SOURCE_HANDLE, target, targetHandle, data };
}

const place = (id: string, type: string, x: number, y: number, params?: LayerNode["data"]["params"]) =>
  ({ id, type: "layer", position: { x, y }, data: params ? { type, params } : { type } }) as LayerNode;

/** The node feeding the unit's output: the one edges leave by, else the one sink of the selection. */
function outputNode(inside: LayerNode[], internal: LinkEdge[], outgoing: LinkEdge[]): string | null {
  const sources = new Set(outgoing.map((e) => e.source));
  if (sources.size > 1) return null;
  if (sources.size === 1) return [...sources][0] ?? null;
  const feeding = new Set(internal.map((e) => e.source));
  const sinks = inside.filter((n) => !feeding.has(n.id));
  return sinks.length === 1 ? (sinks[0]?.id ?? null) : null;
}

/**
 * Move the selected nodes into unit `name`. `isEnd(type)` says which types a unit may not hold
 * (inputs, losses, from the catalogue). Returns the problem, or null when done.
 */
export function makeUnitFromSelection(
  name: string,
  isEnd: (type: string) => boolean,
): MakeUnitProblem | null {
  const s = useGraphStore.getState();
  const inside = s.nodes.filter((n) => n.selected);
  if (inside.length === 0) return "empty";
  if (selectionHasNoise(inside)) return "noise";
  if (inside.some((n) => isEnd(n.data.type) || n.data.type === UNIT_INPUT || n.data.type === UNIT_OUTPUT))
    return "ends";
  if (unitNameProblem(name) !== null) return "name";
  const ids = new Set(inside.map((n) => n.id));
  const internal = s.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  const incoming = s.edges.filter((e) => !ids.has(e.source) && ids.has(e.target));
  const outgoing = s.edges.filter((e) => ids.has(e.source) && !ids.has(e.target));
  const last = outputNode(inside, internal, outgoing);
  if (last === null) return "outputs";

  const xs = inside.map((n) => n.position.x);
  const ys = inside.map((n) => n.position.y);
  const [left, top, bottom] = [Math.min(...xs), Math.min(...ys), Math.max(...ys)];
  const taken = new Set(ids);
  const body: LayerNode[] = inside.map((n) => ({
    id: n.id,
    type: "layer",
    position: n.position,
    data: n.data,
  }));
  const edges: LinkEdge[] = [...internal.map((e) => link(e.source, e.target, e.targetHandle ?? "in0", e))];
  incoming.forEach((e, port) => {
    const id = nextId(UNIT_INPUT, taken);
    taken.add(id);
    body.push(place(id, UNIT_INPUT, left + port * 200, top - 130, port > 0 ? { port } : undefined));
    edges.push(link(id, e.target, e.targetHandle ?? "in0", e));
  });
  const out = nextId(UNIT_OUTPUT, taken);
  body.push(place(out, UNIT_OUTPUT, left, bottom + 130));
  edges.push(link(last, out, inHandle(0)));
  const unit: UnitDef = { name, arguments: [], nodes: body, edges };

  const rest = s.nodes.filter((n) => !ids.has(n.id));
  const use = nextId(name, new Set(rest.map((n) => n.id)));
  const centre = {
    x: xs.reduce((a, b) => a + b, 0) / xs.length,
    y: ys.reduce((a, b) => a + b, 0) / ys.length,
  };
  const node: LayerNode = { ...place(use, UNIT_TYPE, centre.x, centre.y, { unit: name }), selected: true };
  const wires = [
    ...s.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target)),
    ...incoming.map((e, port) => link(e.source, use, inHandle(port))),
    ...outgoing.map((e) => link(use, e.target, e.targetHandle ?? "in0", e)),
  ];
  s.update((state) => ({ nodes: [...rest, node], edges: wires, units: [...state.units, unit] }));
  return null;
}
