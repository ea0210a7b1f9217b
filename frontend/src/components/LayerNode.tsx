/** The one node component: any layer of the catalogue, with its ports, shape, cost and problems. */
import { Handle, type NodeProps, Position, useUpdateNodeInternals } from "@xyflow/react";
import i18n from "i18next";
import { memo, useContext, useEffect, useRef } from "react";
import { useShallow } from "zustand/react/shallow";
import { inputAt } from "../graph/box";
import { formatCount, formatShape } from "../graph/format";
import { nodeTitle } from "../graph/nodeTitle";
import { inDegree, nodePorts } from "../graph/rules";
import { inHandle, type LayerNode as LayerNodeType, SOURCE_HANDLE } from "../graph/types";
import { boundLine, unitUseLine } from "../graph/unitSummary";
import { UNIT_OUTPUT, UNIT_TYPE } from "../graph/units";
import { useLang } from "../hooks/useLang";
import { NodePreview } from "../layerPreview/NodePreview";
import { catalogPorts, useCatalogueStore } from "../store/catalogueStore";
import { useGraphStore } from "../store/graphStore";
import { useValidationStore } from "../store/validationStore";
import { GradContext, LitContext, PreviewsContext, useDetail } from "./detail";

/** The node's text: type and id, summary, shape, parameter count and first error. Left out
 * far out (`detail.ts`), where it is too small to read: a large graph then mounts each node
 * as its box alone, and a validation answer redraws no node there (the canvas puts the colour,
 * the marks and the help on React Flow's element around the box). */
function NodeText({ id, data }: { id: string; data: LayerNodeType["data"] }) {
  const lang = useLang();
  // Shape and count only for the parameters they were computed from: none while an edit is checked.
  const fresh = useValidationStore((s) => s.version >= 0 && s.validated.has(data));
  // The node's part of the answer as text (compared field by field), so that a new answer
  // redraws only the nodes whose text it changes.
  const { summary, shape, params, error, errors, warning } = useValidationStore(
    useShallow((s) => {
      const report = s.result?.nodes[id];
      const mine = s.result?.errors.filter((e) => e.node === id) ?? [];
      return {
        summary: report?.summary,
        shape: formatShape(report?.output_shape),
        params: formatCount(report?.params),
        error: mine[0]?.message,
        // All of the node's errors on hover: the line shows the first, cut to the node's width.
        errors: mine.map((e) => e.message).join("\n"),
        warning: s.result?.warnings.find((w) => w.node === id)?.message,
      };
    }),
  );
  // The catalogue writes each node's summary; the validation answer carries it.
  // A use tells its unit's arguments; a node in a unit, its parameters bound to arguments.
  const bound = boundLine(data.params);
  const text =
    data.type === UNIT_TYPE
      ? unitUseLine(data.params, i18n.t("units.shared", { lng: lang }))
      : [summary, bound].filter(Boolean).join(" · ");
  const title = nodeTitle(data.type, lang, useCatalogueStore.getState().byType);
  return (
    <>
      <div className="layer-node-head">
        <span
          className="layer-node-type"
          data-testid="node-type"
          data-type={data.type}
          title={title === data.type ? undefined : data.type}
        >
          {title}
        </span>
        <span className="layer-node-id">{id}</span>
        {warning && (
          <span className="layer-node-warning" data-testid="node-warning" title={warning}>
            !
          </span>
        )}
      </div>
      {/* Always there, one line: the node keeps its height when the answer brings a summary,
          so its ports stay put and a large graph is not measured again. */}
      <div className="layer-node-summary" data-testid="node-summary" title={text || undefined}>
        {text}
      </div>
      {/* One line whatever the state, so that validation never moves the node's handles. */}
      <div className="layer-node-foot">
        <span className="layer-node-shape" data-testid="node-shape">
          {fresh ? shape : formatShape(undefined)}
        </span>
        {error && (
          <span className="layer-node-error" data-testid="node-error" title={errors}>
            {error}
          </span>
        )}
        <span className="layer-node-params" data-testid="node-params" title="parameters">
          {fresh ? params : formatCount(undefined)}
        </span>
      </div>
    </>
  );
}

/** The layer preview of node `id` on the sheet shown (mounted only while previews are on). */
function Preview({ id }: { id: string }) {
  // Layer previews of the open sheet: the network's nodes, or a unit's body at its first use
  // (a unit's node ids may repeat the network's, so each sheet reads its own entries).
  const tab = useGraphStore((s) => s.tab);
  return <NodePreview id={id} unit={tab} />;
}

/**
 * A port far out, where ports are hidden and no connection can start (`detail.ts`): an element
 * with the classes and data React Flow measures a handle by (its place and size), so that the
 * edges meet it, without a `Handle` component and its store subscription for every port of a
 * large graph. `left` places an input along the top edge, as a fraction of the width.
 */
function portMark(type: "source" | "target", id: string, left?: number) {
  const side = type === "source" ? Position.Bottom : Position.Top;
  return (
    <div
      key={id}
      className={`react-flow__handle react-flow__handle-${side} ${type}`}
      data-handleid={id}
      data-handlepos={side}
      style={left === undefined ? undefined : { left: `${left * 100}%` }}
    />
  );
}

/** The node's box and ports, and its text where it can be read. Its colour (the category's
 * class), marks (`data-invalid`, `data-warning`) and help come on React Flow's element around
 * it, from the canvas: a thousand nodes mount with one store subscription each. */
function LayerNodeView({ id, data, selected }: NodeProps<LayerNodeType>) {
  const readable = useDetail() !== "outline";
  const previews = useContext(PreviewsContext);
  const connected = useGraphStore((s) => inDegree(s.edges, id));
  // A network view (a training phase picked above the canvas) lights its nodes, marks those that
  // only carry its gradient, dims the rest.
  const litIds = useContext(LitContext);
  const grad = useContext(GradContext);
  const network = litIds === null ? undefined : litIds.has(id) ? "lit" : grad?.ids.has(id) ? "grad" : "dim";
  // The same ports as the box React Flow is given (`Canvas`, `graph/box.ts`).
  const { inputs: handles, outputs } = nodePorts(catalogPorts, data.type, connected, data.params);
  // React Flow measures handles on mount; tell it again only when their number changes
  // (asking on every mount would re-measure the whole graph once per node).
  const updateInternals = useUpdateNodeInternals();
  const ports = `${handles}/${outputs}`;
  const measuredPorts = useRef(ports);
  useEffect(() => {
    if (measuredPorts.current === ports) return;
    measuredPorts.current = ports;
    updateInternals(id);
  }, [ports, id, updateInternals]);

  return (
    <div
      className={`layer-node${selected ? " selected" : ""}`}
      data-network={network}
      title={network === "grad" ? grad?.hint : undefined}
    >
      {Array.from({ length: handles }, (_, i) =>
        readable ? (
          <Handle
            key={inHandle(i)}
            type="target"
            position={Position.Top}
            id={inHandle(i)}
            style={{ left: `${inputAt(i, handles) * 100}%` }}
          />
        ) : (
          portMark("target", inHandle(i), inputAt(i, handles))
        ),
      )}
      {readable && <NodeText id={id} data={data} />}
      {readable && previews && <Preview id={id} />}
      {outputs > 0 &&
        data.type !== UNIT_OUTPUT &&
        (readable ? (
          <Handle type="source" position={Position.Bottom} id={SOURCE_HANDLE} />
        ) : (
          portMark("source", SOURCE_HANDLE)
        ))}
    </div>
  );
}

/** What the node draws from its props: React Flow also passes its position, size and drag
 * state, which change on every frame of a drag or measurement and never change the drawing. */
function sameDrawing(a: NodeProps<LayerNodeType>, b: NodeProps<LayerNodeType>): boolean {
  return a.id === b.id && a.data === b.data && a.selected === b.selected;
}

export const LayerNode = memo(LayerNodeView, sameDrawing);
