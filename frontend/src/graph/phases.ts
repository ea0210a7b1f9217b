/**
 * Training phases (`training.phases`, docs/GRAPH_UNITS_AND_NETWORKS.md §3) as pure data edits:
 * what the phase editor, the network view and the launch panel compute. Every edit returns a
 * new list (the store compares by identity), never changes one in place.
 */
import type { Graph } from "../api/models";
import type { LayerNode, LinkEdge } from "./types";

export type TrainingPlan = NonNullable<Graph["training"]>;
export type Phase = NonNullable<TrainingPlan["phases"]>[number];
export type PhaseOptimizer = NonNullable<Phase["optimizer"]>;
export type OptimizerField = keyof PhaseOptimizer;

/** The overridable fields, in the launch form's order (`launchForm.ts` LAYOUT). */
export const OPTIMIZER_FIELDS = [
  "optimizer",
  "lr",
  "momentum",
  "rho",
  "beta1",
  "beta2",
  "eps",
  "weight_decay",
] as const satisfies readonly OptimizerField[];

/** Which numeric fields an optimizer reads (the launch form shows the same). */
const READS: Record<string, readonly OptimizerField[]> = {
  sgd: [],
  momentum: ["momentum"],
  nesterov: ["momentum"],
  rmsprop: ["momentum", "rho", "eps"],
  adagrad: ["eps"],
  adam: ["beta1", "beta2", "eps"],
  adamw: ["beta1", "beta2", "eps"],
};

/** The numeric fields a phase's form shows: lr and weight decay, what its optimizer reads,
 * and whatever it already sets. */
export function shownFields(phase: Phase): OptimizerField[] {
  const own = phase.optimizer ?? {};
  const reads = own.optimizer ? (READS[own.optimizer] ?? []) : [];
  return OPTIMIZER_FIELDS.filter(
    (f) =>
      f !== "optimizer" &&
      (f === "lr" || f === "weight_decay" || reads.includes(f) || (own[f] ?? null) !== null),
  );
}

/** A name no phase has: `base`, else `base2`, `base3`, …. */
export function freshName(phases: readonly Phase[], base = "phase"): string {
  const taken = new Set(phases.map((p) => p.name));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}${n}`)) n += 1;
  return `${base}${n}`;
}

/** A new, empty phase at the end (validation says what it still lacks). */
export function addPhase(phases: readonly Phase[], name = freshName(phases)): Phase[] {
  return [...phases, { name, losses: [], updates: [] }];
}

export function removePhase(phases: readonly Phase[], index: number): Phase[] {
  return phases.filter((_, i) => i !== index);
}

/** Move phase `index` by `delta` places (the order is the order they run in on every step). */
export function movePhase(phases: readonly Phase[], index: number, delta: number): Phase[] {
  const to = index + delta;
  if (index < 0 || index >= phases.length || to < 0 || to >= phases.length) return [...phases];
  const next = [...phases];
  const [moved] = next.splice(index, 1);
  if (moved) next.splice(to, 0, moved);
  return next;
}

export type NameProblem = "empty" | "taken" | "long";

/** Why `name` cannot name phase `index`, or null. */
export function phaseNameProblem(phases: readonly Phase[], index: number, name: string): NameProblem | null {
  const trimmed = name.trim();
  if (!trimmed) return "empty";
  if (trimmed.length > 64) return "long";
  if (phases.some((p, i) => i !== index && p.name === trimmed)) return "taken";
  return null;
}

export function renamePhase(phases: readonly Phase[], index: number, name: string): Phase[] {
  return phases.map((p, i) => (i === index ? { ...p, name: name.trim() } : p));
}

/** `list` with `item` in or out, keeping the order it had. */
function toggled(list: readonly string[], item: string, on: boolean): string[] {
  if (on) return list.includes(item) ? [...list] : [...list, item];
  return list.filter((x) => x !== item);
}

export function toggleLoss(phases: readonly Phase[], index: number, loss: string, on: boolean): Phase[] {
  return phases.map((p, i) => (i === index ? { ...p, losses: toggled(p.losses, loss, on) } : p));
}

export function toggleUpdate(phases: readonly Phase[], index: number, name: string, on: boolean): Phase[] {
  return phases.map((p, i) => (i === index ? { ...p, updates: toggled(p.updates, name, on) } : p));
}

/** Set one override (`undefined` drops it: the job's value counts); no overrides, no `optimizer`. */
export function setOverride(
  phases: readonly Phase[],
  index: number,
  field: OptimizerField,
  value: PhaseOptimizer[OptimizerField] | undefined,
): Phase[] {
  return phases.map((p, i) => {
    if (i !== index) return p;
    const optimizer: Record<string, unknown> = { ...(p.optimizer ?? {}) };
    if (value === undefined || value === null) delete optimizer[field];
    else optimizer[field] = value;
    const { optimizer: _old, ...rest } = p;
    return Object.keys(optimizer).length > 0 ? { ...rest, optimizer: optimizer as PhaseOptimizer } : rest;
  });
}

/** The plan the graph stores: none at all without phases, so a plain graph saves as before. */
export function planOf(phases: readonly Phase[]): TrainingPlan | null {
  return phases.length > 0 ? { phases: [...phases] } : null;
}

/** The phases with node `from` renamed `to` wherever they name it. */
export function renameInPhases(phases: readonly Phase[], from: string, to: string): Phase[] {
  const swap = (x: string) => (x === from ? to : x);
  return phases.map((p) =>
    p.losses.includes(from) || p.updates.includes(from)
      ? { ...p, losses: p.losses.map(swap), updates: p.updates.map(swap) }
      : p,
  );
}

const sharedAs = (node: LayerNode): string => {
  const name = node.data.params?.shared_as;
  return typeof name === "string" ? name : "";
};

/** The nodes of the network canvas phase `phase` trains: its losses, the nodes it updates and
 * every `Unit` use of a `shared_as` name it updates. */
export function networkNodes(phase: Phase, nodes: readonly LayerNode[]): Set<string> {
  const named = new Set([...phase.losses, ...phase.updates]);
  return new Set(nodes.filter((n) => named.has(n.id) || named.has(sharedAs(n))).map((n) => n.id));
}

/** The names a phase may list network node `node` by: its id, and its `shared_as` name. */
export function phaseNames(node: LayerNode): string[] {
  const shared = sharedAs(node);
  return shared ? [node.id, shared] : [node.id];
}

/**
 * The names a phase may list a node inside unit `unit` by: those of each use on the network
 * canvas of `unit` or of a unit that uses it (`users`, e.g. `unitsUsing(units, unit)`).
 */
export function unitUseNames(
  unit: string,
  users: ReadonlySet<string>,
  nodes: readonly LayerNode[],
): string[] {
  return nodes
    .filter((n) => n.data.type === "Unit")
    .filter((n) => {
      const used = n.data.params?.unit;
      return typeof used === "string" && (used === unit || users.has(used));
    })
    .flatMap(phaseNames);
}

/** The names of the phases that list one of `names` among their losses or updates, in order. */
export function phasesListing(phases: readonly Phase[], names: readonly string[]): string[] {
  const wanted = new Set(names);
  return phases
    .filter((p) => p.losses.some((x) => wanted.has(x)) || p.updates.some((x) => wanted.has(x)))
    .map((p) => p.name);
}

/**
 * The phases after Unit node `id`'s `shared_as` changed from `before` to `after` ("": none).
 * A phase that updated the use's network (its old name; its id when it had none) updates it
 * under the new name, in the same place; the old name stays too while another use keeps it.
 * `nodes`: the network canvas's nodes, before or after the change.
 */
export function reshareInPhases(
  phases: readonly Phase[],
  nodes: readonly LayerNode[],
  id: string,
  before: string,
  after: string,
): Phase[] {
  const from = before || id;
  const to = after || id;
  if (from === to || !phases.some((p) => p.updates.includes(from))) return [...phases];
  const kept = nodes.some((n) => n.id !== id && (sharedAs(n) === from || (!before && n.id === from)));
  return phases.map((p) => {
    if (!p.updates.includes(from)) return p;
    const updates = p.updates.flatMap((x) => (x !== from ? [x] : kept ? [x, to] : [to]));
    return { ...p, updates: updates.filter((x, i) => updates.indexOf(x) === i) };
  });
}

/** The type whose output carries no gradient back (`x.detach()`). */
const UNLINK = "Unlink";

/**
 * The nodes of phase `phase` that carry its gradient but are not updated: on a path from a node
 * it updates to one of its losses (not through an `Unlink`), and neither updated nor a loss
 * themselves (a GAN's discriminator applied to generated images, in the generator's phase).
 */
export function gradientNodes(
  phase: Phase,
  nodes: readonly LayerNode[],
  edges: readonly LinkEdge[],
): Set<string> {
  const lit = networkNodes(phase, nodes);
  const unlinks = new Set(nodes.filter((n) => n.data.type === UNLINK).map((n) => n.id));
  const updated = networkNodes({ ...phase, losses: [] }, nodes);
  const after = new Set<string>();
  const ahead = [...updated];
  while (ahead.length > 0) {
    const id = ahead.pop() as string;
    if (unlinks.has(id)) continue; // nothing flows back through it
    for (const e of edges) {
      if (e.source === id && !after.has(e.target)) {
        after.add(e.target);
        ahead.push(e.target);
      }
    }
  }
  const before = new Set<string>();
  const behind = phase.losses.filter((x) => nodes.some((n) => n.id === x));
  while (behind.length > 0) {
    const id = behind.pop() as string;
    for (const e of edges) {
      if (e.target === id && !before.has(e.source) && !unlinks.has(e.source)) {
        before.add(e.source);
        behind.push(e.source);
      }
    }
  }
  return new Set([...after].filter((id) => before.has(id) && !lit.has(id)));
}

/** What a phase may update, grouped: `shared_as` names, other unit uses, layers with weights. */
export interface UpdateChoices {
  shared: string[];
  units: string[];
  layers: string[];
}

/**
 * The choices for `updates`. `params` gives a node's parameter count where validation knows it;
 * a node it does not know is offered (it may have weights). Losses and uses that share
 * parameters (chosen through their name) are not offered on their own.
 */
export function updateChoices(
  nodes: readonly LayerNode[],
  isLoss: (type: string) => boolean,
  params: (id: string) => number | undefined,
): UpdateChoices {
  const choices: UpdateChoices = { shared: [], units: [], layers: [] };
  for (const node of nodes) {
    if (isLoss(node.data.type)) continue;
    const shared = sharedAs(node);
    if (shared) {
      if (!choices.shared.includes(shared)) choices.shared.push(shared);
    } else if ((params(node.id) ?? 1) <= 0) {
      // no weights: nothing to update
    } else if (node.data.type === "Unit") choices.units.push(node.id);
    else choices.layers.push(node.id);
  }
  return choices;
}

/** How many parameter values phase `phase` updates: each node's, a shared name's once (its
 * first use's). Null when validation has not counted one of them. */
export function phaseParameters(
  phase: Phase,
  nodes: readonly LayerNode[],
  params: (id: string) => number | undefined,
): number | null {
  let total = 0;
  for (const name of new Set(phase.updates)) {
    const node = nodes.find((n) => n.id === name) ?? nodes.find((n) => sharedAs(n) === name);
    const count = node ? params(node.id) : undefined;
    if (count === undefined) return null;
    total += count;
  }
  return total;
}

/** One effective optimizer setting: its value and whether the phase sets it. */
export interface Setting {
  field: OptimizerField;
  value: string;
  fromPhase: boolean;
}

/**
 * The optimizer a phase runs with: the optimizer and lr always, then every other field the
 * phase overrides; the phase's values win over the job's (`job`: the launch form's values,
 * as typed).
 */
export function effectiveOptimizer(phase: Phase, job: Readonly<Record<string, unknown>>): Setting[] {
  const own = phase.optimizer ?? {};
  const setting = (field: OptimizerField): Setting => {
    const mine = own[field];
    const fromPhase = mine !== undefined && mine !== null;
    const value = fromPhase ? mine : job[field];
    return { field, value: value === undefined || value === null ? "" : String(value), fromPhase };
  };
  const rest = OPTIMIZER_FIELDS.filter(
    (f) => f !== "optimizer" && f !== "lr" && own[f] !== undefined && own[f] !== null,
  );
  return [setting("optimizer"), setting("lr"), ...rest.map(setting)];
}

/** The phase issues of a validation answer that belong to phase `name` (`params.phase`). */
export function issuesOf<T extends { code?: string; params?: Record<string, unknown> }>(
  issues: readonly T[],
  name: string,
): T[] {
  return issues.filter((i) => (i.code ?? "").startsWith("phase.") && i.params?.phase === name);
}

/** The bounds `PhaseOptimizer` accepts (netcanvas/graph.py): a value outside would make the
 * whole graph unreadable to the service, so the editor refuses it where it is typed. */
const BOUNDS: Record<
  Exclude<OptimizerField, "optimizer">,
  { min: number; max: number; minOpen: boolean; maxOpen: boolean }
> = {
  lr: { min: 0, max: 10, minOpen: true, maxOpen: false },
  momentum: { min: 0, max: 1, minOpen: false, maxOpen: true },
  beta1: { min: 0, max: 1, minOpen: false, maxOpen: true },
  beta2: { min: 0, max: 1, minOpen: false, maxOpen: true },
  rho: { min: 0, max: 1, minOpen: false, maxOpen: true },
  eps: { min: 0, max: 1, minOpen: true, maxOpen: false },
  weight_decay: { min: 0, max: 1, minOpen: false, maxOpen: false },
};

/** The range a numeric override takes, as text (`0 < lr ≤ 10`). */
export function rangeText(field: Exclude<OptimizerField, "optimizer">): string {
  const b = BOUNDS[field];
  return `${b.min} ${b.minOpen ? "<" : "≤"} ${field} ${b.maxOpen ? "<" : "≤"} ${b.max}`;
}

/** Typed text as an override: undefined for empty (the job's value), null when refused. */
export function parseOverride(
  field: Exclude<OptimizerField, "optimizer">,
  text: string,
): number | undefined | null {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return null;
  const b = BOUNDS[field];
  const low = b.minOpen ? value > b.min : value >= b.min;
  const high = b.maxOpen ? value < b.max : value <= b.max;
  return low && high ? value : null;
}
