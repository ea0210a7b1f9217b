/** The React Flow canvas: a controlled flow over the graph store. */
import {
  Background,
  BackgroundVariant,
  type Connection,
  ControlButton,
  Controls,
  type IsValidConnection,
  MiniMap,
  type OnConnectEnd,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  useStore,
  useStoreApi,
} from "@xyflow/react";
import { type DragEvent, type MouseEvent, useCallback, useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { graphBounds, NODE_HEIGHT, NODE_WIDTH, portBoxes } from "../graph/box";
import { edgeAt, type PlacedNode } from "../graph/pick";
import { inDegree, nodePorts, refusalNote, refuse } from "../graph/rules";
import type { LayerNode as LayerNodeType, LinkEdge as LinkEdgeType } from "../graph/types";
import { UNIT_TYPE } from "../graph/units";
import { useAddLayer } from "../hooks/useAddLayer";
import { FIT, useFitView } from "../hooks/useFitView";
import { type Fitted, fitFor, useKeepFitted } from "../hooks/useKeepFitted";
import { useLang } from "../hooks/useLang";
import { usePaintedSince } from "../hooks/usePaintedSince";
import { useLayerPreviewStore } from "../layerPreview/store";
import { usePhaseView } from "../phases/phaseViewStore";
import { useCanvasNote } from "../store/canvasNote";
import { catalogPorts, useCatalogueStore } from "../store/catalogueStore";
import { beginGesture, useGraphStore } from "../store/graphStore";
import { useSessionStore } from "../store/sessionStore";
import { useValidationStore } from "../store/validationStore";
import { CanvasNote } from "./CanvasNote";
import { DetailContext, detailAt, GradContext, LitContext, PreviewsContext } from "./detail";
import { LayerNode } from "./LayerNode";
import { LinkEdge } from "./LinkEdge";

export const LAYER_MIME = "application/x-netcanvas-layer";
/** A unit of the document dragged from the palette: the data is its name. */
export const UNIT_MIME = "application/x-netcanvas-unit";

const nodeTypes = { layer: LayerNode };
const edgeTypes = { link: LinkEdge };

const CATEGORY_COLOURS: Record<string, string> = {
  io: "#0ea5e9",
  linear: "#6366f1",
  convolution: "#8b5cf6",
  pooling: "#14b8a6",
  activation: "#f59e0b",
  normalization: "#10b981",
  recurrent: "#ec4899",
  structure: "#64748b",
  loss: "#ef4444",
  unit: "#0d9488",
};

const minimapColor = (node: LayerNodeType): string =>
  CATEGORY_COLOURS[catalogPorts.category(node.data.type)] ?? "#9ca3af";

// Props React Flow copies into its store whenever they change identity: each copy runs
// every node's and edge's selector, so they are made once, never per render.
const FIT_VIEW_OPTIONS = FIT;
const PRO_OPTIONS = { hideAttribution: true };
// Ctrl/Cmd+click and Shift+click add a node to the selection (or take it out), as most editors
// do; Shift+drag on the empty canvas draws a selection box (selectionKeyCode).
const MULTI_SELECTION_KEYS = ["Meta", "Control", "Shift"];
// Far enough out that a thousand-layer graph fits the view whole (drawn in outline there).
const MIN_ZOOM = 0.05;
// Each node's size as React Flow would measure it (`graph/box.ts`). Given with the node, it
// makes the measurement React Flow still does on mount find nothing changed: no `dimensions`
// change for every node, no second pass of the whole graph through the store and the canvas.
const MEASURED = { width: NODE_WIDTH, height: NODE_HEIGHT };
// How near (in screen pixels) a click on the empty canvas must be to an edge to pick it in
// outline, where an edge has no pick area of its own.
const PICK_PX = 6;

/** Show the drag shield until the pointer is released, whatever ends the drag. */
function shieldUntilRelease(element: HTMLDivElement | null): void {
  if (!element) return;
  element.hidden = false;
  const release = () => {
    element.hidden = true;
    window.removeEventListener("pointerup", release, true);
    window.removeEventListener("blur", release);
  };
  window.addEventListener("pointerup", release, true);
  window.addEventListener("blur", release);
}

export function Canvas() {
  const { t } = useTranslation();
  const flow = useReactFlow<LayerNodeType, LinkEdgeType>();
  const nodes = useGraphStore((s) => s.nodes);
  const edges = useGraphStore((s) => s.edges);
  const tab = useGraphStore((s) => s.tab);
  const onNodesChange = useGraphStore((s) => s.onNodesChange);
  const onEdgesChange = useGraphStore((s) => s.onEdgesChange);
  const readOnly = useSessionStore((s) => s.viewing !== null);
  const addLayer = useAddLayer();
  const detail = useStore((s) => detailAt(s.transform[2]));
  const endGesture = useRef<(() => void) | null>(null);

  // After a load (`fitRequest`), fit the view to the graph. Every node's box is known
  // (`graph/box.ts`), so the view is fitted at once, in the store update that brings the
  // nodes: React then draws the graph once, at the zoom it is shown at (far out, a large
  // graph mounts its nodes in outline), instead of at the old zoom and again once measured.
  // A canvas without a size yet, or mounted after the load, fits once the nodes are measured.
  const store = useStoreApi<LayerNodeType, LinkEdgeType>();
  const initialized = useNodesInitialized();
  const fitPending = useRef(false);
  const fitted = useRef<Fitted | null>(null);
  useKeepFitted(fitted);
  useEffect(() => {
    // An empty canvas has nothing to fit; without this the first node dropped later would
    // move the view under the user's pointer.
    fitPending.current =
      useSessionStore.getState().fitRequest > 0 && useGraphStore.getState().nodes.length > 0;
    return useSessionStore.subscribe((session, before) => {
      if (session.fitRequest === before.fitRequest) return;
      const bounds = graphBounds(useGraphStore.getState().nodes.map((n) => n.position));
      const { width, height, minZoom } = store.getState();
      fitPending.current = bounds !== null && !(width > 0 && height > 0);
      const viewport = fitPending.current ? null : fitFor(width, height, minZoom);
      fitted.current = viewport && { width, height, viewport };
      if (viewport) void flow.setViewport(viewport);
    });
  }, [flow, store]);
  const fitRequest = useSessionStore((s) => s.fitRequest);
  const minimap = usePaintedSince(fitRequest) && initialized;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new fitRequest may find the nodes measured
  useEffect(() => {
    if (!initialized || !fitPending.current) return;
    fitPending.current = false;
    const frame = requestAnimationFrame(() => void flow.fitView(FIT_VIEW_OPTIONS));
    return () => cancelAnimationFrame(frame);
  }, [initialized, fitRequest, flow]);

  const isValidConnection = useCallback<IsValidConnection<LinkEdgeType>>((connection) => {
    const { nodes: all, edges: links } = useGraphStore.getState();
    return refuse(connection, all, links, catalogPorts) === null;
  }, []);

  const onConnect = useCallback((c: Connection) => {
    const { nodes: all, edges: links, connect } = useGraphStore.getState();
    if (refuse(c, all, links, catalogPorts) !== null) return;
    connect(c.source, c.target, c.targetHandle ?? "in0");
  }, []);

  // A drop on a port that refuses the connection says why (React Flow only leaves the edge out).
  const onConnectEnd = useCallback<OnConnectEnd>((_event, state) => {
    const { fromHandle: from, toHandle: to } = state;
    if (state.isValid !== false || !from || !to || from.type === to.type) return;
    const [source, target] = from.type === "source" ? [from, to] : [to, from];
    const connection = {
      source: source.nodeId,
      sourceHandle: source.id ?? null,
      target: target.nodeId,
      targetHandle: target.id ?? null,
    };
    const { nodes: all, edges: links } = useGraphStore.getState();
    const note = refusalNote(refuse(connection, all, links, catalogPorts), connection, links);
    if (note) useCanvasNote.getState().show(note);
  }, []);

  // While a node is dragged a shield covers the canvas: the browser then finds what is under
  // the pointer at once, instead of testing a large graph's every node and edge on each move
  // (React Flow follows the drag on the window, not on what is under the pointer).
  const shield = useRef<HTMLDivElement>(null);
  const onNodeDragStart = useCallback(() => {
    endGesture.current?.();
    endGesture.current = beginGesture();
    shieldUntilRelease(shield.current);
  }, []);

  const onNodeDragStop = useCallback(() => {
    endGesture.current?.();
    endGesture.current = null;
    if (shield.current) shield.current.hidden = true;
  }, []);

  // Far out an edge is one thin path with no pick area (`LinkEdge`): a click on the empty
  // canvas picks the edge within a few pixels of it, found from the edges' geometry
  // (`graph/pick.ts`) in the click alone, so the thousand edges of a large graph mount nothing
  // more. It selects as a click on the edge would, before the pane's own click clears the
  // selection (which it then never sees).
  const onClickCapture = useCallback(
    (event: MouseEvent) => {
      const state = store.getState();
      const zoom = state.transform[2];
      if (detailAt(zoom) !== "outline" || !state.elementsSelectable) return;
      if (!(event.target instanceof Element) || !event.target.classList.contains("react-flow__pane")) return;
      const placed = new Map<string, PlacedNode>();
      for (const [id, node] of state.nodeLookup) {
        const bounds = node.internals.handleBounds;
        const ports = bounds ? [...(bounds.source ?? []), ...(bounds.target ?? [])] : (node.handles ?? []);
        placed.set(id, { position: node.internals.positionAbsolute, ports });
      }
      const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const id = edgeAt(point, state.edges, placed, PICK_PX / zoom);
      const edge = id === null ? undefined : state.edgeLookup.get(id);
      if (!edge) return;
      event.stopPropagation();
      store.setState({ nodesSelectionActive: false });
      if (edge.selected && state.multiSelectionActive)
        state.unselectNodesAndEdges({ nodes: [], edges: [edge] });
      else state.addSelectedEdges([edge.id]);
    },
    [flow, store],
  );
  const fitView = useFitView();

  const onDragOver = useCallback((event: DragEvent) => {
    const types = event.dataTransfer.types;
    if (!types.includes(LAYER_MIME) && !types.includes(UNIT_MIME) && !types.includes("text/plain")) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const unit = event.dataTransfer.getData(UNIT_MIME);
      if (unit) {
        event.preventDefault();
        addLayer(UNIT_TYPE, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }), { unit });
        return;
      }
      const type = event.dataTransfer.getData(LAYER_MIME) || event.dataTransfer.getData("text/plain");
      if (!type || !catalogPorts.inputs(type)) return;
      event.preventDefault();
      addLayer(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [addLayer, flow],
  );

  // Mirror each node's validity onto React Flow's own node element too, for styling and tests,
  // and give React Flow each node's box and ports (`graph/box.ts`), so it draws the graph
  // without measuring it first. Wrapped nodes are reused while neither the node nor its
  // flags or ports change, so a drag re-renders only the nodes that move.
  const result = useValidationStore((s) => s.result);
  const catalogue = useCatalogueStore((s) => s.catalogue);
  const wrapped = useRef(new WeakMap<LayerNodeType, { key: string; node: LayerNodeType }>());
  const previews = useLayerPreviewStore((s) => s.on);
  const lang = useLang();
  const lit = usePhaseView((s) => s.lit);
  const gradIds = usePhaseView((s) => s.grad);
  const grad = useMemo(
    () => (gradIds === null ? null : { ids: gradIds, hint: t("phaseEditor.gradHint") }),
    [gradIds, t],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new catalogue changes the ports
  const shown = useMemo(() => {
    const bad = new Set(result?.errors.map((e) => e.node));
    const warned = new Set(result?.warnings.map((w) => w.node));
    // With previews on, each node's card stands out to its right, over the nodes there: a node
    // further left is drawn above the nodes to its right, so that its card is not hidden under
    // them (the nodes all have one width). A selected node still rises above all (+1000).
    const lift = new Map<string, number>();
    if (previews) {
      const byX = [...nodes].sort((a, b) => b.position.x - a.position.x || b.position.y - a.position.y);
      byX.forEach((n, rank) => {
        lift.set(n.id, rank + 1);
      });
    }
    // The node's colour (its category's class, which the node's box inherits), marks and help
    // come with React Flow's own element, so that a node needs no store of its own to draw them.
    const byType = useCatalogueStore.getState().byType;
    return nodes.map((n): LayerNodeType => {
      const ports = nodePorts(catalogPorts, n.data.type, inDegree(edges, n.id), n.data.params);
      const z = lift.get(n.id);
      const layer = byType.get(n.data.type);
      const help = layer?.help[lang];
      const key = `${bad.has(n.id)}/${warned.has(n.id)}/${ports.inputs}/${ports.outputs}/${z}/${layer?.category}/${help}`;
      const cached = wrapped.current.get(n);
      if (cached && cached.key === key) return cached.node;
      const domAttributes = {
        "data-invalid": String(bad.has(n.id)),
        "data-warning": String(warned.has(n.id)),
        ...(help === undefined ? {} : { title: help }),
      };
      const node: LayerNodeType = {
        ...n,
        className: `cat-${layer?.category ?? "unknown"}`,
        domAttributes: domAttributes as LayerNodeType["domAttributes"],
        initialWidth: NODE_WIDTH,
        initialHeight: NODE_HEIGHT,
        measured: n.measured ?? MEASURED,
        handles: portBoxes(ports.inputs, ports.outputs),
        ...(z === undefined ? {} : { zIndex: z }),
      };
      wrapped.current.set(n, { key, node });
      return node;
    });
  }, [nodes, edges, result, catalogue, previews, lang]);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drop target for layers from the palette
    <div
      className="canvas"
      data-detail={detail}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onClickCapture={onClickCapture}
    >
      <DetailContext.Provider value={detail}>
        <PreviewsContext.Provider value={previews}>
          <LitContext.Provider value={lit}>
            <GradContext.Provider value={grad}>
              <ReactFlow<LayerNodeType, LinkEdgeType>
                nodes={shown}
                edges={edges}
                nodeTypes={nodeTypes}
                edgeTypes={edgeTypes}
                onNodesChange={onNodesChange}
                onEdgesChange={onEdgesChange}
                onConnect={onConnect}
                onConnectEnd={onConnectEnd}
                isValidConnection={isValidConnection}
                onNodeDragStart={onNodeDragStart}
                onNodeDragStop={onNodeDragStop}
                nodesDraggable={!readOnly}
                nodesConnectable={!readOnly}
                edgesReconnectable={false}
                deleteKeyCode={null}
                selectionKeyCode="Shift"
                multiSelectionKeyCode={MULTI_SELECTION_KEYS}
                minZoom={MIN_ZOOM}
                maxZoom={2}
                proOptions={PRO_OPTIONS}
              >
                {/* Far out the dots would be a few pixels apart: a grey wash that costs every frame. */}
                {detail !== "outline" && (
                  <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd5e1" />
                )}
                {/* Drawn once a newly loaded graph is on screen: a large graph shows a frame sooner. */}
                {minimap && <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={3} />}
                {/* Its own fit: the nodes and their preview cards (`useFitView`). */}
                <Controls showInteractive={false} showFitView={false}>
                  <ControlButton
                    className="react-flow__controls-fitview"
                    onClick={() => fitView()}
                    title={t("fit")}
                    aria-label={t("fit")}
                  >
                    <FitIcon />
                  </ControlButton>
                </Controls>
              </ReactFlow>
            </GradContext.Provider>
          </LitContext.Provider>
        </PreviewsContext.Provider>
      </DetailContext.Provider>
      <div className="canvas-drag-shield" ref={shield} hidden />
      <CanvasNote />
      {nodes.length === 0 && (
        <div className="canvas-empty" data-testid="canvas-empty">
          {t(tab === null ? "emptyNetwork" : "emptyCanvas")}
        </div>
      )}
    </div>
  );
}

/** React Flow's own fit-view icon (its controls' is not exported). */
function FitIcon() {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 30" aria-hidden="true">
      <path d="M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" />
    </svg>
  );
}
