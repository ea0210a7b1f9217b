import { beforeEach, describe, expect, it, vi } from "vitest";
import { memoryStorage } from "../testing/memoryStorage";
import { clearDraft, DRAFT_KEY, type Draft, readDraft, setDraftOwner, writeDraft } from "./draft";

const draft: Draft = {
  graph: { format: "netcanvas/graph@1", name: "n", nodes: [], edges: [] },
  networkId: 3,
  projectId: 1,
  revision: 2,
  savedKey: "{}",
  at: 1000,
};

describe("draft", () => {
  beforeEach(() => vi.stubGlobal("localStorage", memoryStorage()));

  it("reads back what was written, and nothing once cleared", () => {
    writeDraft(draft);
    expect(readDraft()).toEqual(draft);
    clearDraft();
    expect(readDraft()).toBeNull();
  });

  it("drops a stored value that is not a draft", () => {
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ graph: {}, at: "x" }));
    expect(readDraft()).toBeNull();
    expect(localStorage.getItem(DRAFT_KEY)).toBeNull();
    localStorage.setItem(DRAFT_KEY, "{not json");
    expect(readDraft()).toBeNull();
  });

  it("keeps each signed-in user's draft apart from the others' and the local user's", () => {
    writeDraft(draft);
    setDraftOwner(7);
    expect(readDraft()).toBeNull();
    writeDraft({ ...draft, networkId: 70 });
    setDraftOwner(8);
    expect(readDraft()).toBeNull();
    setDraftOwner(7);
    expect(readDraft()?.networkId).toBe(70);
    clearDraft();
    setDraftOwner(null);
    expect(readDraft()).toEqual(draft);
    expect(localStorage.getItem(DRAFT_KEY)).not.toBeNull();
  });
});
