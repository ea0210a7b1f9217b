import { beforeEach, describe, expect, it } from "vitest";
import { currentGraph } from "../store/document";
import { redo, undo, useGraphStore } from "../store/graphStore";
import { settingText } from "../training/PhaseList";
import {
  addPhase,
  effectiveOptimizer,
  gradientNodes,
  movePhase,
  networkNodes,
  type Phase,
  parseOverride,
  phaseNameProblem,
  phaseNames,
  phaseParameters,
  phasesListing,
  planOf,
  removePhase,
  renameInPhases,
  renamePhase,
  reshareInPhases,
  setOverride,
  shownFields,
  toggleLoss,
  toggleUpdate,
  unitUseNames,
  updateChoices,
} from "./phases";
import { edgeId, type LayerNode, type LinkEdge } from "./types";

const gan: Phase[] = [
  {
    name: "discriminator",
    losses: ["d_real_loss", "d_fake_loss"],
    updates: ["D"],
    optimizer: { optimizer: "adam", lr: 0.001, beta1: 0.5 },
  },
  { name: "generator", losses: ["g_loss"], updates: ["G"] },
];

const node = (id: string, type: string, params?: Record<string, unknown>): LayerNode => ({
  id,
  type: "layer",
  position: { x: 0, y: 0 },
  data: params ? { type, params } : { type },
});

const nodes = [
  node("x", "Input"),
  node("noise", "RandomNoise"),
  node("G", "Unit", { unit: "generator" }),
  node("unlink", "Unlink"),
  node("d_real", "Unit", { unit: "discriminator", shared_as: "D" }),
  node("d_fake", "Unit", { unit: "discriminator", shared_as: "D" }),
  node("fc", "Linear", { out_features: 1 }),
  node("d_real_loss", "BCEWithLogitsLoss"),
  node("d_fake_loss", "BCEWithLogitsLoss"),
  node("g_loss", "BCEWithLogitsLoss"),
];
const params: Record<string, number> = {
  x: 0,
  noise: 0,
  G: 4385,
  unlink: 0,
  d_real: 1025,
  d_fake: 1025,
  fc: 9,
};
const isLoss = (type: string) => type.endsWith("Loss");

describe("phase edits", () => {
  it("adds a phase with a fresh name, renames, reorders and removes, never in place", () => {
    const added = addPhase(gan);
    expect(added.map((p) => p.name)).toEqual(["discriminator", "generator", "phase"]);
    expect(addPhase(added).at(-1)?.name).toBe("phase2");
    expect(gan).toHaveLength(2);
    expect(renamePhase(added, 2, "  critic ")[2]?.name).toBe("critic");
    expect(movePhase(gan, 1, -1).map((p) => p.name)).toEqual(["generator", "discriminator"]);
    expect(movePhase(gan, 1, 1).map((p) => p.name)).toEqual(["discriminator", "generator"]);
    expect(removePhase(gan, 0).map((p) => p.name)).toEqual(["generator"]);
  });

  it("refuses an empty, long or taken name, but a phase keeps its own", () => {
    expect(phaseNameProblem(gan, 1, " ")).toBe("empty");
    expect(phaseNameProblem(gan, 1, "discriminator")).toBe("taken");
    expect(phaseNameProblem(gan, 0, "discriminator")).toBeNull();
    expect(phaseNameProblem(gan, 0, "x".repeat(65))).toBe("long");
  });

  it("ticks losses and updates in and out, keeping their order", () => {
    const more = toggleLoss(gan, 1, "d_fake_loss", true);
    expect(more[1]?.losses).toEqual(["g_loss", "d_fake_loss"]);
    expect(toggleLoss(more, 1, "d_fake_loss", true)[1]?.losses).toEqual(["g_loss", "d_fake_loss"]);
    expect(toggleLoss(gan, 0, "d_real_loss", false)[0]?.losses).toEqual(["d_fake_loss"]);
    expect(toggleUpdate(gan, 1, "fc", true)[1]?.updates).toEqual(["G", "fc"]);
  });

  it("stores only the overrides that are set, and no optimizer at all without one", () => {
    const faster = setOverride(gan, 1, "lr", 0.0005);
    expect(faster[1]?.optimizer).toEqual({ lr: 0.0005 });
    const back = setOverride(faster, 1, "lr", undefined);
    expect(back[1]).toEqual({ name: "generator", losses: ["g_loss"], updates: ["G"] });
    expect(setOverride(gan, 0, "optimizer", undefined)[0]?.optimizer).toEqual({ lr: 0.001, beta1: 0.5 });
    expect(planOf([])).toBeNull();
    expect(planOf(gan)).toEqual({ phases: gan });
  });

  it("shows lr and weight decay, what the optimizer reads, and whatever is set", () => {
    expect(shownFields(gan[0] as Phase)).toEqual(["lr", "beta1", "beta2", "eps", "weight_decay"]);
    expect(shownFields(gan[1] as Phase)).toEqual(["lr", "weight_decay"]);
    const sgd: Phase = { ...(gan[1] as Phase), optimizer: { optimizer: "momentum", rho: 0.9 } };
    expect(shownFields(sgd)).toEqual(["lr", "momentum", "rho", "weight_decay"]);
  });

  it("parses an override within the bounds the graph format takes", () => {
    expect(parseOverride("lr", "0.002")).toBe(0.002);
    expect(parseOverride("lr", " ")).toBeUndefined();
    expect(parseOverride("lr", "0")).toBeNull();
    expect(parseOverride("beta1", "1")).toBeNull();
    expect(parseOverride("beta1", "0")).toBe(0);
    expect(parseOverride("weight_decay", "abc")).toBeNull();
  });

  it("follows a node's rename", () => {
    const renamed = renameInPhases(gan, "g_loss", "gen_loss");
    expect(renamed[1]?.losses).toEqual(["gen_loss"]);
    expect(renamed[0]).toBe(gan[0]);
  });
});

describe("networks of phases", () => {
  it("lights a phase's losses, updated nodes and every use of a shared name", () => {
    expect([...networkNodes(gan[0] as Phase, nodes)].sort()).toEqual(
      ["d_fake", "d_fake_loss", "d_real", "d_real_loss"].sort(),
    );
    expect([...networkNodes(gan[1] as Phase, nodes)].sort()).toEqual(["G", "g_loss"]);
  });

  it("offers shared names, unit uses and layers with weights, not losses or weightless nodes", () => {
    const choices = updateChoices(nodes, isLoss, (id) => params[id]);
    expect(choices).toEqual({ shared: ["D"], units: ["G"], layers: ["fc"] });
  });

  it("counts a phase's parameters, a shared name once", () => {
    const count = (id: string) => params[id];
    expect(phaseParameters(gan[0] as Phase, nodes, count)).toBe(1025);
    expect(phaseParameters({ ...(gan[1] as Phase), updates: ["G", "fc"] }, nodes, count)).toBe(4394);
    expect(phaseParameters({ ...(gan[1] as Phase), updates: ["gone"] }, nodes, count)).toBeNull();
  });
});

describe("effective optimizer", () => {
  const job = { optimizer: "sgd", lr: "0.01", momentum: "0.9" };

  it("lets the phase's values win and says where each comes from", () => {
    const settings = effectiveOptimizer(gan[0] as Phase, job);
    expect(settings).toEqual([
      { field: "optimizer", value: "adam", fromPhase: true },
      { field: "lr", value: "0.001", fromPhase: true },
      { field: "beta1", value: "0.5", fromPhase: true },
    ]);
    const tag = { phase: "phase", job: "job", title: (f: string) => f, optimizer: (o: string) => o };
    expect(effectiveOptimizer(gan[1] as Phase, job).map((s) => settingText(s, tag))).toEqual([
      "sgd (job)",
      "lr 0.01 (job)",
    ]);
    const mixed = setOverride(gan, 1, "lr", 0.0005)[1] as Phase;
    expect(effectiveOptimizer(mixed, job).map((s) => settingText(s, tag))).toEqual([
      "sgd (job)",
      "lr 0.0005 (phase)",
    ]);
  });
});

describe("phases in the graph store", () => {
  const state = () => useGraphStore.getState();
  beforeEach(() => {
    state().load({ meta: { name: "gan", training: { phases: gan } }, nodes, edges: [] });
  });

  it("takes the phases out of meta on load and writes them back into the graph", () => {
    expect(state().training?.phases).toEqual(gan);
    expect(state().meta.training).toBeUndefined();
    expect(currentGraph().training).toEqual({ phases: gan });
  });

  it("makes each phase edit one undo step, and no phases no training", () => {
    state().setPhases(setOverride(gan, 1, "lr", 0.0005));
    state().setPhases([]);
    expect(currentGraph().training).toBeUndefined();
    undo();
    expect(state().training?.phases?.[1]?.optimizer).toEqual({ lr: 0.0005 });
    undo();
    expect(state().training?.phases).toEqual(gan);
    redo();
    expect(state().training?.phases?.[1]?.optimizer).toEqual({ lr: 0.0005 });
  });

  it("renames a loss in the phases when the node is renamed", () => {
    expect(state().renameNode("g_loss", "gen_loss")).toBe(true);
    expect(state().training?.phases?.[1]?.losses).toEqual(["gen_loss"]);
    undo();
    expect(state().training?.phases?.[1]?.losses).toEqual(["g_loss"]);
  });
});

const withGen = [...nodes, node("d_gen", "Unit", { unit: "discriminator", shared_as: "D" })];
const link = (source: string, target: string): LinkEdge => ({
  id: edgeId(source, target, "in0"),
  type: "link",
  source,
  target,
  targetHandle: "in0",
});
// dcgan_digits' wiring: the generator's images go to d_gen as they are, to d_fake through Unlink
const wiring = [
  link("noise", "G"),
  link("G", "unlink"),
  link("x", "d_real"),
  link("unlink", "d_fake"),
  link("G", "d_gen"),
  link("d_real", "d_real_loss"),
  link("d_fake", "d_fake_loss"),
  link("d_gen", "g_loss"),
];

describe("the phases that list a node", () => {
  it("lists a phase that names the node, or the shared name of its use", () => {
    const names = (id: string) => phaseNames(withGen.find((n) => n.id === id) as LayerNode);
    expect(phasesListing(gan, names("d_gen"))).toEqual(["discriminator"]);
    expect(phasesListing(gan, names("G"))).toEqual(["generator"]);
    expect(phasesListing(gan, names("g_loss"))).toEqual(["generator"]);
    expect(phasesListing(gan, names("x"))).toEqual([]);
    expect(
      phasesListing([...gan, { name: "both", losses: ["g_loss"], updates: ["D", "G"] }], names("d_real")),
    ).toEqual(["discriminator", "both"]);
  });

  it("lists the phases of a unit's uses for a node inside the unit, through nested units too", () => {
    expect(phasesListing(gan, unitUseNames("discriminator", new Set(), withGen))).toEqual(["discriminator"]);
    expect(phasesListing(gan, unitUseNames("generator", new Set(), withGen))).toEqual(["generator"]);
    // a block used inside the generator: its nodes belong to the generator's phase
    expect(phasesListing(gan, unitUseNames("up_block", new Set(["generator"]), withGen))).toEqual([
      "generator",
    ]);
    expect(unitUseNames("unused", new Set(), withGen)).toEqual([]);
  });
});

describe("renaming a shared name carries into the phases", () => {
  it("renames the name in place when every use takes the new one", () => {
    const one = [node("solo", "Unit", { unit: "discriminator", shared_as: "D" }), node("G", "Unit")];
    const phases = reshareInPhases(gan, one, "solo", "D", "Critic");
    expect(phases[0]?.updates).toEqual(["Critic"]);
    expect(phases[1]).toBe(gan[1]);
  });

  it("keeps the old name beside the new while another use still has it", () => {
    const phases = reshareInPhases(gan, withGen, "d_gen", "D", "E");
    expect(phases[0]?.updates).toEqual(["D", "E"]);
  });

  it("names a use by its id once it shares no more, and by its new name once it does", () => {
    const one = [node("solo", "Unit", { unit: "discriminator", shared_as: "D" })];
    expect(reshareInPhases(gan, one, "solo", "D", "")[0]?.updates).toEqual(["solo"]);
    expect(reshareInPhases(gan, one, "G", "", "Gen")[1]?.updates).toEqual(["Gen"]);
    expect(reshareInPhases(gan, one, "solo", "D", "G")[0]?.updates).toEqual(["G"]);
  });

  it("changes nothing where no phase names the use", () => {
    expect(reshareInPhases(gan, withGen, "other", "X", "Y")).toEqual(gan);
  });
});

describe("nodes that carry a phase's gradient", () => {
  it("finds the discriminator's use on generated images in the generator's phase", () => {
    expect([...gradientNodes(gan[1] as Phase, withGen, wiring)]).toEqual(["d_gen"]);
  });

  it("finds none where every node between is updated, and none through an Unlink", () => {
    expect([...gradientNodes(gan[0] as Phase, withGen, wiring)]).toEqual([]);
    // the generator's images reach d_fake_loss only through Unlink: no gradient for G there
    const fakeOnly: Phase = { name: "g_on_fake", losses: ["d_fake_loss"], updates: ["G"] };
    expect([...gradientNodes(fakeOnly, withGen, wiring)]).toEqual([]);
  });

  it("finds the weightless layers between an updated layer and the loss", () => {
    const chain = [
      node("x", "Input"),
      node("fc1", "Linear"),
      node("relu", "ReLU"),
      node("fc2", "Linear"),
      node("loss", "MSELoss"),
    ];
    const edges = [link("x", "fc1"), link("fc1", "relu"), link("relu", "fc2"), link("fc2", "loss")];
    const first: Phase = { name: "first", losses: ["loss"], updates: ["fc1"] };
    expect([...gradientNodes(first, chain, edges)].sort()).toEqual(["fc2", "relu"]);
  });
});

describe("shared names in the graph store", () => {
  const state = () => useGraphStore.getState();
  beforeEach(() => {
    state().load({ meta: { name: "gan", training: { phases: gan } }, nodes: withGen, edges: [] });
  });

  it("carries a use's new shared_as into the phases, one undo step with the edit", () => {
    for (const id of ["d_real", "d_fake", "d_gen"]) state().setParam(id, "shared_as", "Critic");
    expect(state().training?.phases?.[0]?.updates).toEqual(["Critic"]);
    undo();
    expect(state().training?.phases?.[0]?.updates).toEqual(["D", "Critic"]);
    expect(state().nodes.find((n) => n.id === "d_gen")?.data.params?.shared_as).toBe("D");
  });

  it("leaves the phases alone for another parameter", () => {
    const before = state().training;
    state().setParam("G", "repeat", 2);
    expect(state().training).toBe(before);
  });
});
