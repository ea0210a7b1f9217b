/** A network drawn as the editor draws it, read-only: its layers where the student put them (laid
 * out when they have no positions), with each one's output shape and parameters from the
 * validation answer. Nothing moves, connects or deletes: a teacher looks, the student's work stays.
 *
 * As on the canvas, React Flow is given each node's box and ports (`graph/box.ts`), so nodes and
 * edges are drawn at once, without waiting for React Flow to measure them. A node given without
 * them would be measured by a ResizeObserver, and every new `nodes` (the validation answer, the
 * catalogue) drops that measurement again; when the drop came between the observation and the
 * render that reads it, no new observation was made, and the nodes stayed hidden and the edges
 * undrawn for good (the node's size never changes, so nothing measured it again). */
import {
  Background,
  BackgroundVariant,
  Controls,
  Handle,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
} from "@xyflow/react";
import { memo, useEffect, useMemo, useState } from "react";
import type { Graph, ValidationResult } from "../api/models";
import { inputAt, NODE_HEIGHT, NODE_WIDTH, portBoxes } from "../graph/box";
import { fromGraph } from "../graph/convert";
import { formatCount, formatShape } from "../graph/format";
import { layoutPositions } from "../graph/layout";
import { inHandle, portOf, SOURCE_HANDLE } from "../graph/types";
import { useCatalogueStore } from "../store/catalogueStore";

interface Facts extends Record<string, unknown> {
  type: string;
  category: string;
  inputs: number;
  outputs: number;
  summary: string;
  shape: string;
  params: string;
  error: string | undefined;
}

type PictureNode = Node<Facts, "picture">;

function PictureNodeView({ id, data }: NodeProps<PictureNode>) {
  return (
    <div className={`layer-node cat-${data.category}`} data-invalid={data.error ? "true" : "false"}>
      {Array.from({ length: data.inputs }, (_, i) => (
        <Handle
          key={inHandle(i)}
          type="target"
          position={Position.Top}
          id={inHandle(i)}
          isConnectable={false}
          style={{ left: `${inputAt(i, data.inputs) * 100}%` }}
        />
      ))}
      <div className="layer-node-head">
        <span className="layer-node-type" data-testid="node-type">
          {data.type}
        </span>
        <span className="layer-node-id">{id}</span>
      </div>
      <div className="layer-node-summary">{data.summary}</div>
      <div className="layer-node-foot">
        <span className="layer-node-shape" data-testid="node-shape">
          {data.shape}
        </span>
        {data.error && (
          <span className="layer-node-error" title={data.error}>
            {data.error}
          </span>
        )}
        <span className="layer-node-params">{data.params}</span>
      </div>
      {data.outputs > 0 && (
        <Handle type="source" position={Position.Bottom} id={SOURCE_HANDLE} isConnectable={false} />
      )}
    </div>
  );
}

const nodeTypes = { picture: memo(PictureNodeView) };
// Every node's size as React Flow would measure it (the stylesheet's `.layer-node`).
const MEASURED = { width: NODE_WIDTH, height: NODE_HEIGHT };

export function NetworkPicture({ graph, report }: { graph: Graph; report: ValidationResult | null }) {
  const byType = useCatalogueStore((s) => s.byType);
  const canvas = useMemo(() => fromGraph(graph), [graph]);
  const [positions, setPositions] = useState<Map<string, { x: number; y: number }> | null>(null);
  useEffect(() => {
    let live = true;
    if (canvas.positioned) setPositions(new Map(canvas.nodes.map((n) => [n.id, n.position])));
    else void layoutPositions(canvas.nodes, canvas.edges).then((at) => live && setPositions(at));
    return () => {
      live = false;
    };
  }, [canvas]);

  const nodes = useMemo((): PictureNode[] => {
    const inputs = new Map<string, number>();
    for (const edge of canvas.edges) {
      inputs.set(edge.target, Math.max(inputs.get(edge.target) ?? 0, portOf(edge.targetHandle) + 1));
    }
    return canvas.nodes.map((node) => {
      const facts = report?.nodes[node.id];
      const ins = inputs.get(node.id) ?? 0;
      const outs = byType.get(node.data.type)?.outputs ?? 1;
      return {
        id: node.id,
        type: "picture",
        position: positions?.get(node.id) ?? node.position,
        // The box and ports React Flow would measure: drawn at once, never waiting on a measurement.
        initialWidth: NODE_WIDTH,
        initialHeight: NODE_HEIGHT,
        measured: MEASURED,
        handles: portBoxes(ins, outs),
        data: {
          type: node.data.type,
          category: byType.get(node.data.type)?.category ?? "unknown",
          inputs: ins,
          outputs: outs,
          summary: facts?.summary ?? "",
          shape: formatShape(facts?.output_shape),
          params: formatCount(facts?.params),
          error: report?.errors.find((e) => e.node === node.id)?.message,
        },
      };
    });
  }, [canvas, positions, report, byType]);
  // Plain edges: the editor's own edge type has controls for changing them.
  const edges = useMemo(() => canvas.edges.map(({ type: _type, ...edge }) => edge), [canvas]);

  if (!positions) return null;
  return (
    <div className="network-picture" data-testid="class-network-picture">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        edgesFocusable={false}
        deleteKeyCode={null}
        fitView
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
