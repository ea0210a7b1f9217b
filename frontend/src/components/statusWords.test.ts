import { describe, expect, it } from "vitest";
import type { LayerNode } from "../graph/types";
import type { UnitDef } from "../graph/units";
import { isEmptyNetwork, statusWords } from "./statusWords";

const t = (key: string, values?: Record<string, unknown>) => (values ? `${key}:${values.count}` : key);
const node = { id: "x", type: "layer", position: { x: 0, y: 0 }, data: {} } as unknown as LayerNode;
const answer = { unreachable: false, checked: true, valid: false, errors: 1, warnings: 1 };

describe("statusWords", () => {
  it("gives an empty network a hint, not the validation's error and warning counts", () => {
    expect(statusWords(t, { ...answer, empty: true })).toEqual({
      label: "emptyStatus",
      warnings: 0,
      tone: "empty",
    });
  });

  it("counts the problems once there is a node", () => {
    expect(statusWords(t, { ...answer, empty: false })).toEqual({
      label: "invalid:1",
      warnings: 1,
      tone: "bad",
    });
    expect(statusWords(t, { ...answer, valid: true, errors: 0, empty: false }).tone).toBe("ok");
  });
});

describe("statusWords for a network without a loss", () => {
  it("does not say Valid alone: it says the network cannot train, and counts the other warnings", () => {
    const valid = { ...answer, valid: true, errors: 0, empty: false };
    expect(statusWords(t, { ...valid, warnings: 2, noLoss: true })).toEqual({
      label: "validNoLoss",
      warnings: 1,
      tone: "untrainable",
    });
    expect(statusWords(t, { ...valid, noLoss: false }).label).toBe("valid");
  });

  it("still counts errors first when the network has some", () => {
    expect(statusWords(t, { ...answer, empty: false, noLoss: true }).label).toBe("invalid:1");
  });
});

describe("isEmptyNetwork", () => {
  const none = { tab: null, nodes: [] as LayerNode[], network: null, units: [] as UnitDef[] };
  it("is empty with no node and no unit", () => expect(isEmptyNetwork(none)).toBe(true));
  it("is not with a node on the network's canvas", () =>
    expect(isEmptyNetwork({ ...none, nodes: [node] })).toBe(false));
  it("looks at the network's canvas while a unit's is shown", () => {
    const unit = { name: "u", nodes: [], edges: [] } as unknown as UnitDef;
    expect(
      isEmptyNetwork({ tab: "u", nodes: [], network: { nodes: [node], edges: [] }, units: [unit] }),
    ).toBe(false);
  });
});
