import { beforeEach, describe, expect, it, vi } from "vitest";
import { redo, replaceDocument, undo, useDocumentHistory } from "./documentHistory";
import { useGraphStore } from "./graphStore";
import { useSessionStore } from "./sessionStore";

const graph = () => useGraphStore.getState();
const ids = () => graph().nodes.map((n) => n.id);

/** Stand-in for a load: an empty document with one name, as New would put on the canvas. */
const load = (name: string, networkId: number | null) => async () => {
  graph().load({ meta: { name }, nodes: [], edges: [] });
  useSessionStore.getState().set({ networkId, revision: null });
};

beforeEach(() => {
  // Restoring a document sets the address's hash; Node has no window.
  const location = { hash: "", pathname: "/", search: "" };
  vi.stubGlobal("window", {
    location,
    history: {
      replaceState: (_: unknown, __: string, url: string) => (location.hash = url.startsWith("#") ? url : ""),
    },
  });
  graph().load({ meta: { name: "first" }, nodes: [], edges: [] });
  useSessionStore.getState().set({ networkId: 7, revision: 3, viewing: null, savedKey: "" });
  useDocumentHistory.setState({ before: [], after: [] });
});

describe("document history", () => {
  it("brings the replaced document back, with its own undo steps, and goes forward again", async () => {
    graph().addNode("Input", { x: 0, y: 0 });
    graph().addNode("Linear", { x: 0, y: 100 });
    expect(await replaceDocument(load("second", null), () => Promise.resolve(true))).toBe(true);
    expect(ids()).toEqual([]);
    expect(useSessionStore.getState().networkId).toBeNull();

    undo();
    expect(ids()).toEqual(["input1", "linear1"]);
    expect(graph().meta.name).toBe("first");
    expect(useSessionStore.getState()).toMatchObject({ networkId: 7, revision: 3 });
    undo(); // the first document's own step
    expect(ids()).toEqual(["input1"]);

    redo();
    redo(); // past the first document's last step: the second document
    expect(graph().meta.name).toBe("second");
    expect(ids()).toEqual([]);
  });

  it("asks only when there is unsaved work, and leaves everything when told no", async () => {
    graph().addNode("Input", { x: 0, y: 0 });
    useSessionStore.getState().set({ savedKey: "something else" });
    expect(await replaceDocument(load("second", null), () => Promise.resolve(false))).toBe(false);
    expect(ids()).toEqual(["input1"]);
    expect(useDocumentHistory.getState().before).toHaveLength(0);
  });

  it("drops the documents ahead on an edit, as it drops the steps ahead", async () => {
    await replaceDocument(load("second", null), () => Promise.resolve(true));
    undo();
    expect(useDocumentHistory.getState().after).toHaveLength(1);
    graph().addNode("Input", { x: 0, y: 0 });
    expect(useDocumentHistory.getState().after).toHaveLength(0);
    redo();
    expect(graph().meta.name).toBe("first");
  });
});
