/**
 * The open graph, and only the graph: nodes, edges, name and units, with undo/redo (zundo).
 * `nodes` and `edges` are the canvas shown (the network's, or a unit's: see `Tracked`); the
 * unit edits themselves live in `units.ts` and go through `update`, so history covers them.
 */
import {
  applyEdgeChanges,
  applyNodeChanges,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from "@xyflow/react";
import { temporal } from "zundo";
import { create } from "zustand";
import { mergeUnits, renameUses, unitsNeeded } from "../graph/clipUnits";
import type { Canvas, GraphMeta } from "../graph/convert";
import { boxOf, freeOffset } from "../graph/freeSpot";
import { nextId } from "../graph/ids";
import { type Phase, planOf, renameInPhases, reshareInPhases, type TrainingPlan } from "../graph/phases";
import { compactPorts } from "../graph/rules";
import {
  edgeId,
  type LayerData,
  type LayerNode,
  type LinkEdge,
  type Params,
  SOURCE_HANDLE,
} from "../graph/types";
import { UNIT_TYPE, type UnitDef } from "../graph/units";
import { noteEdit, type Sheet, sameTracked, type Tracked, tracked } from "./tracked";

/** A parameter's value as a name ("" for none or for anything not a string). */
const text = (value: unknown): string => (typeof value === "string" ? value : "");

export interface Clip {
  nodes: LayerNode[];
  edges: LinkEdge[];
  /** The units the nodes use, directly or through other units (`clipUnits.ts`). */
  units?: UnitDef[];
}

export interface GraphState {
  meta: GraphMeta;
  nodes: LayerNode[];
  edges: LinkEdge[];
  /** The unit whose canvas is shown; null: the network's. */
  tab: string | null;
  /** The network's canvas while a unit's is shown. */
  network: Sheet | null;
  /** The document's units; the one shown keeps its live nodes and edges in `nodes`/`edges`. */
  units: UnitDef[];
  /** The graph's `training` (phases of a step); kept here, not in `meta`, so undo covers it. */
  training: TrainingPlan | null;
  onNodesChange(changes: NodeChange<LayerNode>[]): void;
  onEdgesChange(changes: EdgeChange<LinkEdge>[]): void;
  connect(source: string, target: string, targetHandle: string): void;
  addNode(
    type: string,
    position: XYPosition,
    connectFrom?: { source: string; targetHandle: string },
    params?: Params,
  ): string;
  setParam(id: string, name: string, value: unknown): void;
  renameNode(id: string, next: string): boolean;
  deleteSelected(): void;
  copySelection(): Clip;
  paste(clip: Clip, offset?: XYPosition): string[];
  setPositions(positions: Map<string, XYPosition>): void;
  select(ids: readonly string[]): void;
  setName(name: string): void;
  /** Replace the training phases (none: the graph stores no `training`); one undo step. */
  setPhases(phases: readonly Phase[]): void;
  load(
    canvas: Pick<Canvas, "meta" | "nodes" | "edges"> &
      Partial<Pick<Tracked, "tab" | "network" | "units" | "training">>,
  ): void;
  /** One change of the document made elsewhere (`units.ts`): one undo step. */
  update(recipe: (state: GraphState) => Partial<GraphState>): void;
}

export { type Tracked, tracked } from "./tracked";

function link(source: string, target: string, targetHandle: string): LinkEdge {
  return {
    id: edgeId(source, target, targetHandle),
    type: "link",
    source,
    sourceHandle: SOURCE_HANDLE,
    target,
    targetHandle,
    data: {},
  };
}

function withoutDangling(nodes: readonly LayerNode[], edges: readonly LinkEdge[]): LinkEdge[] {
  const ids = new Set(nodes.map((n) => n.id));
  return compactPorts(edges.filter((e) => ids.has(e.source) && ids.has(e.target)));
}

export const useGraphStore = create<GraphState>()(
  temporal<GraphState, [], [], Tracked>(
    (set, get) => ({
      meta: { name: "" },
      nodes: [],
      edges: [],
      tab: null,
      network: null,
      units: [],
      training: null,

      onNodesChange(changes) {
        const nodes = applyNodeChanges(changes, get().nodes);
        const removed = changes.some((c) => c.type === "remove");
        set(removed ? { nodes, edges: withoutDangling(nodes, get().edges) } : { nodes });
      },

      onEdgesChange(changes) {
        const edges = applyEdgeChanges(changes, get().edges);
        set({ edges: changes.some((c) => c.type === "remove") ? compactPorts(edges) : edges });
      },

      connect(source, target, targetHandle) {
        const id = edgeId(source, target, targetHandle);
        if (get().edges.some((e) => e.id === id)) return;
        set({ edges: [...get().edges, link(source, target, targetHandle)] });
      },

      addNode(type, position, connectFrom, params) {
        const base = typeof params?.unit === "string" ? params.unit : type;
        const id = nextId(base, new Set(get().nodes.map((n) => n.id)));
        const data: LayerData = params ? { type, params } : { type };
        const node: LayerNode = { id, type: "layer", position, data, selected: true };
        const nodes = [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node];
        const edges = get().edges.map((e) => (e.selected ? { ...e, selected: false } : e));
        if (connectFrom) edges.push(link(connectFrom.source, id, connectFrom.targetHandle));
        set({ nodes, edges });
        return id;
      },

      setParam(id, name, value) {
        const { tab, training, nodes } = get();
        // the network's phases name a shared use by its `shared_as`: they follow a new name
        const use = name === "shared_as" && tab === null ? nodes.find((n) => n.id === id) : undefined;
        const phases =
          use?.data.type === UNIT_TYPE && training?.phases
            ? reshareInPhases(training.phases, nodes, id, text(use.data.params?.shared_as), text(value))
            : null;
        const moved = phases?.some((p, i) => p !== training?.phases?.[i]) ?? false;
        set({
          ...(moved && phases && training ? { training: { ...training, phases } } : {}),
          nodes: get().nodes.map((n) => {
            if (n.id !== id) return n;
            const params: Params = { ...n.data.params };
            if (value === undefined) delete params[name];
            else params[name] = value;
            const data: LayerData = { ...n.data, params };
            if (Object.keys(params).length === 0) delete data.params;
            return { ...n, data };
          }),
        });
      },

      renameNode(id, next) {
        const name = next.trim();
        if (!name || get().nodes.some((n) => n.id === name)) return name === id;
        const rename = (x: string) => (x === id ? name : x);
        const { tab, training } = get();
        // the network's phases name its nodes: they follow a rename there
        const phases = tab === null && training?.phases ? renameInPhases(training.phases, id, name) : null;
        set({
          ...(phases && training ? { training: { ...training, phases } } : {}),
          nodes: get().nodes.map((n) => (n.id === id ? { ...n, id: name } : n)),
          edges: get().edges.map((e) => {
            const source = rename(e.source);
            const target = rename(e.target);
            return { ...e, source, target, id: edgeId(source, target, e.targetHandle ?? "in0") };
          }),
        });
        return true;
      },

      deleteSelected() {
        const nodes = get().nodes.filter((n) => !n.selected);
        const edges = get().edges.filter((e) => !e.selected);
        set({ nodes, edges: withoutDangling(nodes, edges) });
      },

      copySelection() {
        const nodes = get().nodes.filter((n) => n.selected);
        const ids = new Set(nodes.map((n) => n.id));
        const edges = get().edges.filter((e) => ids.has(e.source) && ids.has(e.target));
        const view = tracked({ nodes, edges });
        const s = get();
        const live = s.units.map((u) => (u.name === s.tab ? { ...u, nodes: s.nodes, edges: s.edges } : u));
        const units = unitsNeeded(nodes, live).map((u) => {
          const clean = tracked(u);
          return { ...u, nodes: clean.nodes, edges: clean.edges };
        });
        const clip: Clip = { nodes: view.nodes, edges: view.edges };
        return structuredClone(units.length > 0 ? { ...clip, units } : clip);
      },

      paste(clip, at) {
        const s = get();
        // Beside the copied nodes, clear of every node on the canvas (several pastes side by side).
        // A clip holds no sizes: a copied node still on the canvas has its measured one.
        const measured = new Map(s.nodes.map((n) => [n.id, n.measured]));
        const boxes = clip.nodes.map((n) => boxOf({ ...n, measured: measured.get(n.id) ?? n.measured }));
        const offset = at ?? freeOffset(boxes, s.nodes.map(boxOf));
        const live = s.units.map((u) => (u.name === s.tab ? { ...u, nodes: s.nodes, edges: s.edges } : u));
        const merged = mergeUnits(live, clip.units ?? []);
        const taken = new Set(s.nodes.map((n) => n.id));
        const renamed = new Map<string, string>();
        const pasted = renameUses(clip.nodes, merged.renamed).map((n): LayerNode => {
          const base = typeof n.data.params?.unit === "string" ? n.data.params.unit : n.data.type;
          const id = taken.has(n.id) ? nextId(base, taken) : n.id;
          taken.add(id);
          renamed.set(n.id, id);
          const position = { x: n.position.x + offset.x, y: n.position.y + offset.y };
          return { id, type: "layer", position, data: structuredClone(n.data), selected: true };
        });
        const edges = clip.edges.flatMap((e) => {
          const source = renamed.get(e.source);
          const target = renamed.get(e.target);
          if (!source || !target) return [];
          const copy = link(source, target, e.targetHandle ?? "in0");
          return [{ ...copy, data: structuredClone(e.data ?? {}) }];
        });
        set({
          nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted],
          edges: [...s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...edges],
          ...(merged.added.length > 0 ? { units: [...s.units, ...merged.added] } : {}),
        });
        return pasted.map((n) => n.id);
      },

      setPositions(positions) {
        set({
          nodes: get().nodes.map((n) => {
            const at = positions.get(n.id);
            return at ? { ...n, position: at } : n;
          }),
        });
      },

      select(ids) {
        const chosen = new Set(ids);
        set({
          nodes: get().nodes.map((n) =>
            Boolean(n.selected) === chosen.has(n.id) ? n : { ...n, selected: chosen.has(n.id) },
          ),
        });
      },

      setName(name) {
        set({ meta: { ...get().meta, name } });
      },

      setPhases(phases) {
        const training = get().training;
        const plan = planOf(phases);
        set({ training: plan && training ? { ...training, ...plan } : plan });
      },

      load(canvas) {
        const { meta: given, nodes, edges, tab = null, network = null, units = [] } = canvas;
        // `training` lives beside `meta` (undo covers it); a graph's meta may still bring it
        const { training: fromMeta, ...meta } = given;
        const training = canvas.training !== undefined ? canvas.training : (fromMeta ?? null);
        set({ meta, nodes, edges, tab, network, units, training });
        useGraphStore.temporal.getState().clear();
      },

      update(recipe) {
        set(recipe(get()));
      },
    }),
    {
      partialize: tracked,
      equality: sameTracked,
      limit: 200,
      onSave: (past, current) => noteEdit(past, current),
    },
  ),
);

export const undo = () => useGraphStore.temporal.getState().undo();
export const redo = () => useGraphStore.temporal.getState().redo();

/** Call before a drag: the drag's many moves become one undo step when it ends. */
export function beginGesture(): () => void {
  const before = tracked(useGraphStore.getState());
  const history = useGraphStore.temporal;
  history.getState().pause();
  return () => {
    history.getState().resume();
    const after = tracked(useGraphStore.getState());
    if (!sameTracked(after, before)) {
      noteEdit(before, after);
      history.setState((s) => ({ pastStates: [...s.pastStates, before], futureStates: [] }));
    }
  };
}
