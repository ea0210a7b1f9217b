/** Loading, saving, importing and exporting the open graph: the glue between the stores and the API. */
import i18n from "i18next";
import { api } from "../api/client";
import { ApiError } from "../api/http";
import type { Graph } from "../api/models";
import { fromGraph, toGraph } from "../graph/convert";
import { layoutPositions } from "../graph/layout";
import { type UnitDef, type UnitGraph, unitsFromGraph, withUnits } from "../graph/units";
import {
  forgetPreset,
  keepPreset,
  launchOf,
  networkPreset,
  type Preset,
  presetOf,
  samplePreset,
  withLaunch,
} from "../training/presets";
import { catalogPorts, whenCatalogueSettled } from "./catalogueStore";
import { clearDraft } from "./draft";
import { useGraphStore } from "./graphStore";
import { clearError, notify, useSessionStore } from "./sessionStore";
import { liveUnits, networkSheet } from "./units";

const session = () => useSessionStore.getState();

/** The open graph as `netcanvas/graph@1`, with its units (whichever canvas is shown). */
export function currentGraph(options: { positions?: boolean } = {}): UnitGraph {
  const state = useGraphStore.getState();
  const { nodes, edges } = networkSheet(state);
  const meta = state.training ? { ...state.meta, training: state.training } : state.meta;
  const graph = toGraph(meta, nodes, edges, catalogPorts, options);
  return withUnits(graph, liveUnits(state), catalogPorts, options);
}

/** Lay out each unit whose nodes came without positions. */
async function placeUnits(units: UnitDef[], unplaced: readonly string[]): Promise<UnitDef[]> {
  return Promise.all(
    units.map(async (unit) => {
      if (!unplaced.includes(unit.name)) return unit;
      const positions = await layoutPositions(unit.nodes, unit.edges);
      return {
        ...unit,
        nodes: unit.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })),
      };
    }),
  );
}

export const keyOf = (graph: Graph): string => JSON.stringify(graph);

export function isDirty(): boolean {
  return keyOf(currentGraph()) !== session().savedKey;
}

export interface LoadOptions {
  networkId?: number | null;
  /** The network's revision being loaded; a graph loaded without a network has none. */
  revision?: number | null;
  projectId?: number | null;
  /** The graph is what the server holds (not an unsaved import or sample). */
  saved?: boolean;
  /** The launch settings that come with the graph (a sample's, or those of the sample a saved
   * network names); a load that sets `networkId` without one leaves none. */
  preset?: Preset | null;
}

/** Put a graph on the canvas, laying it out when its nodes have no positions. */
export async function loadGraph(graph: UnitGraph, options: LoadOptions = {}): Promise<void> {
  await whenCatalogueSettled();
  const canvas = fromGraph(graph);
  const found = unitsFromGraph(graph);
  const units = await placeUnits(found.units, found.unplaced);
  if (!canvas.positioned && canvas.nodes.length > 0) {
    const positions = await layoutPositions(canvas.nodes, canvas.edges);
    canvas.nodes = canvas.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position }));
  }
  useGraphStore.getState().load({ ...canvas, units });
  const patch: Parameters<ReturnType<typeof session>["set"]>[0] = {
    viewing: null,
    fitRequest: session().fitRequest + 1,
  };
  if (options.networkId !== undefined) {
    patch.networkId = options.networkId;
    patch.preset = options.preset ?? null;
  }
  if (options.revision !== undefined) patch.revision = options.revision;
  else if (options.networkId === null) patch.revision = null;
  if (options.projectId !== undefined && options.projectId !== null) patch.projectId = options.projectId;
  // A never-saved graph counts as saved while empty, so a fresh canvas is not "unsaved".
  patch.savedKey = options.saved || canvas.nodes.length === 0 ? keyOf(currentGraph()) : "";
  session().set(patch);
  setHash(session().networkId);
}

export function setHash(networkId: number | null): void {
  // The datasets and jobs views own the hash while they are shown.
  if (/^#\/(jobs|datasets)(\/|$)/.test(window.location.hash)) return;
  const hash = networkId === null ? "" : `#/networks/${networkId}`;
  if (window.location.hash !== hash) {
    window.history.replaceState(null, "", hash || window.location.pathname + window.location.search);
  }
}

export function emptyGraph(name: string): Graph {
  return { format: "netcanvas/graph@1", name, nodes: [], edges: [] };
}

export async function newNetwork(name: string): Promise<void> {
  await loadGraph(emptyGraph(name), { networkId: null });
}

export async function openNetwork(id: number): Promise<void> {
  try {
    const network = await api.network(id);
    const graph = { ...network.graph, name: network.name };
    // The server keeps a network's launch preset (a class copy's), or the sample it was saved
    // from, whose lesson comes along: in any browser.
    const preset = await networkPreset(network, api.sample);
    await loadGraph(graph, {
      networkId: network.id,
      projectId: network.project_id,
      revision: network.revision,
      saved: true,
      preset,
    });
    // The name lives in the network row; keep the saved key in step with what we show.
    session().set({ savedKey: keyOf(currentGraph()) });
    clearError(); // an earlier failed import's message is stale now
  } catch (error) {
    notify("error", String(error instanceof Error ? error.message : error));
    if (session().networkId !== id) await newNetwork("");
  }
}

/** A sample on the canvas, never saved, with its dataset, config and note for the launch panel;
 * named `title` when given (the sample's title in the UI's language, `sampleTitle`), else by the
 * graph's own (English) name. */
export async function openSample(name: string, title?: string): Promise<void> {
  // Asked with `include=lesson`: the sample's dataset, config and note come beside the graph.
  const { dataset, config, note, ...graph } = await api.sample(name);
  const preset = dataset && config && note ? samplePreset({ dataset, config, note, name }) : null;
  await loadGraph(title?.trim() ? { ...graph, name: title } : graph, { networkId: null, preset });
  // As it opened, a sample is nothing to lose: unsaved only once it differs from that.
  session().set({ savedKey: keyOf(currentGraph()) });
  clearError(); // an earlier failed import's message is stale now
}

/** Save the canvas: into its network, or as a new network of the current project. */
export async function save(): Promise<void> {
  const state = session();
  if (state.viewing) return;
  const graph = currentGraph();
  const name = graph.name?.trim() || "Untitled";
  if (state.networkId !== null) {
    const network = await saveInto(state.networkId, name, graph, state.preset);
    session().set({ revision: network.revision });
  } else {
    await saveNew(graph, name, state.preset);
  }
  session().set({ savedKey: keyOf(graph), listsVersion: session().listsVersion + 1 });
  clearDraft();
}

/** A plain save of network `id`. A document holding no preset opened from a network the server
 * keeps none for; the preset this browser kept for it (`presetOf`: a network saved before presets
 * moved to the server) then goes along, as its `launch` or its `sample`, so every browser of its
 * owner opens with it. A refused preset (a 422: settings of an older version) never blocks the
 * save: it is saved again without, as `withLaunch` does for a new network. */
async function saveInto(id: number, name: string, graph: Graph, held: Preset | null) {
  const kept = held ? null : presetOf(id);
  const launch = launchOf(kept);
  const sample = kept?.sample || undefined;
  if (!launch && !sample) return api.saveNetwork(id, name, graph);
  try {
    const network = await api.saveNetwork(id, name, graph, launch, sample);
    if (network.launch || network.sample) session().set({ preset: kept });
    return network;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 422) throw error;
    const network = await api.saveNetwork(id, name, graph); // the graph's own 422 comes from here
    dropRefused(id);
    return network;
  }
}

/** The preset this browser kept for network `id` was refused (the save without it went through):
 * drop it, so later saves do not send it again, and say so once. */
function dropRefused(id: number): void {
  forgetPreset(id);
  notify("info", i18n.t("presetDropped"));
}

/** A network's name at most (the API's `max_length`). */
export const MAX_NETWORK_NAME = 200;

/**
 * The name of a copy of network `name`: `wrap(base)` ("<name> (copy)", "<name>（コピー）"),
 * the base cut so that the whole fits `MAX_NETWORK_NAME`; so the project never lists two alike.
 */
export function copyName(name: string, wrap: (base: string) => string): string {
  const base = name.trim() || "Untitled";
  const room = MAX_NETWORK_NAME - wrap("").length;
  return wrap(base.length > room ? base.slice(0, room).trimEnd() : base);
}

/** Save the canvas as a new network of its project, which the editor then holds, named
 * "<name> (copy)": a copy of a saved network keeps the sample it came from, and its launch
 * settings. */
export async function saveCopy(): Promise<void> {
  const state = session();
  if (state.viewing) return;
  const name = copyName(currentGraph().name ?? "", (base) => i18n.t("copyName", { name: base }));
  useGraphStore.getState().setName(name);
  const graph = currentGraph();
  await saveNew(graph, name, state.preset ?? presetOf(state.networkId));
  session().set({ savedKey: keyOf(graph), listsVersion: session().listsVersion + 1 });
  clearDraft();
}

async function saveNew(graph: Graph, name: string, kept: Preset | null): Promise<void> {
  const projectId = session().projectId ?? (await defaultProject());
  // A sample's name, or any other preset, stays with the network it becomes, on the server (it
  // then opens with it in any browser), and in this browser too, as before.
  let refused = false;
  const network = await withLaunch(
    launchOf(kept),
    (launch) => api.createNetwork(projectId, name, graph, kept?.sample, launch),
    () => {
      refused = true;
    },
  );
  if (refused) notify("info", i18n.t("presetDropped"));
  else if (kept) keepPreset(network.id, kept);
  const preset = network.sample || network.launch ? kept : null;
  session().set({ networkId: network.id, projectId, revision: network.revision, preset });
  setHash(network.id);
}

async function defaultProject(): Promise<number> {
  const projects = await api.projects();
  const first = projects[0];
  // named in the UI's language: a Japanese class's first save made "My project" before
  return first ? first.id : (await api.createProject(i18n.t("defaultProject"))).id;
}

export function exportGraph(): void {
  const graph = currentGraph();
  const blob = new Blob([`${JSON.stringify(graph, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `${graph.name?.trim() || "network"}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Read a `netcanvas/graph@1` file, named after the file when it has no name; throws when it is not one. */
export async function readGraphFile(file: File): Promise<Graph> {
  return parseGraphFile(await file.text(), file.name, (key, values) => i18n.t(key, values));
}

type Translate = (key: string, values: Record<string, string>) => string;

/** A graph file's text as a graph, or an error naming the file and what is wrong in the UI's
 * language (`t`): the browser's own "Unexpected token 'h', "hello" is not valid JSON" and an
 * English "not a netcanvas/graph@1 file" were shown as they came, in the Japanese UI too. */
export function parseGraphFile(text: string, fileName: string, t: Translate): Graph {
  const file = fileName;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(t("importNotJson", { file }));
  }
  if (!data || typeof data !== "object" || !("nodes" in data) || !Array.isArray(data.nodes)) {
    throw new Error(t("importNotGraph", { file }));
  }
  const graph = data as Graph;
  if (graph.format === undefined || graph.format === null) throw new Error(t("importNoFormat", { file }));
  if (graph.format !== "netcanvas/graph@1") {
    throw new Error(t("importFormat", { file, format: String(graph.format) }));
  }
  const name = graph.name?.trim() || fileName.replace(/\.json$/i, "");
  return { ...graph, name };
}

/** Show a revision read-only, keeping the canvas to come back to. */
export async function viewRevision(number: number): Promise<void> {
  const { networkId, viewing } = session();
  if (networkId === null) return;
  const revision = await api.revision(networkId, number);
  const stash = viewing ? viewing.stash : currentGraph();
  const stashDirty = viewing ? viewing.stashDirty : isDirty();
  const savedKey = session().savedKey;
  await loadGraph({ ...revision.graph, name: stash.name ?? "" }, { saved: true });
  session().set({ viewing: { number, stash, stashDirty }, savedKey });
}

export async function leaveRevision(takeIt: boolean): Promise<void> {
  const { viewing, savedKey } = session();
  if (!viewing) return;
  if (takeIt) {
    session().set({ viewing: null });
    return;
  }
  await loadGraph(viewing.stash, { saved: true });
  session().set({ savedKey: viewing.stashDirty ? savedKey : keyOf(currentGraph()) });
}

export async function restoreRevision(number: number): Promise<void> {
  const { networkId } = session();
  if (networkId === null) return;
  await api.restoreRevision(networkId, number);
  await openNetwork(networkId);
  session().set({ listsVersion: session().listsVersion + 1 });
}

/** Save, reporting a failure instead of throwing. */
export async function runSave(copy = false): Promise<void> {
  try {
    await (copy ? saveCopy() : save());
  } catch (error) {
    notify("error", error instanceof Error ? error.message : String(error));
  }
}
