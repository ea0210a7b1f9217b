/** An edge labelled with the shape its source produces. */
import { BaseEdge, type EdgeProps, getBezierPath } from "@xyflow/react";
import { type CSSProperties, memo, useContext } from "react";
import { formatShape } from "../graph/format";
import type { LinkEdge as LinkEdgeType } from "../graph/types";
import { useValidationStore } from "../store/validationStore";
import { GradContext, LitContext, useDetail } from "./detail";

/** The shape its source produces, from the validation answer, read only where labels show;
 * as text, so that a new answer redraws only the edges whose label it changes. */
function useLabel(source: string, readable: boolean): string | undefined {
  return useValidationStore((s) => {
    const shape = readable ? s.result?.nodes[source]?.output_shape : undefined;
    return shape ? formatShape(shape) : undefined;
  });
}

function LinkEdgeView(props: EdgeProps<LinkEdgeType>) {
  // Far out the labels are too small to read: leave them out (and spare their painting).
  const detail = useDetail();
  // In a network view, an edge into a node the view dims is dimmed too (not one into a node
  // that carries the view's gradient).
  const lit = useContext(LitContext);
  const grad = useContext(GradContext);
  const dim = lit !== null && !lit.has(props.target) && !grad?.ids.has(props.target);
  const [path, labelX, labelY] = getBezierPath(props);
  const style = dim ? { ...props.style, opacity: 0.2 } : props.style;
  if (detail === "outline") {
    // In outline the wide invisible path an edge is picked by would be a few pixels across,
    // and no label shows: one path, no store subscription, for each edge of a large graph.
    return (
      <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} style={style} interactionWidth={0} />
    );
  }
  return (
    <LabelledEdge
      id={props.id}
      source={props.source}
      path={path}
      labelX={labelX}
      labelY={labelY}
      markerEnd={props.markerEnd}
      style={style}
      readable={detail === "full"}
    />
  );
}

interface LabelledEdgeProps {
  id: string;
  source: string;
  path: string;
  labelX: number;
  labelY: number;
  markerEnd: string | undefined;
  style: CSSProperties | undefined;
  readable: boolean;
}

function LabelledEdge({ id, source, path, labelX, labelY, markerEnd, style, readable }: LabelledEdgeProps) {
  const label = useLabel(source, readable);
  return (
    <BaseEdge
      id={id}
      path={path}
      markerEnd={markerEnd}
      style={style}
      label={label}
      labelX={labelX}
      labelY={labelY}
      labelStyle={LABEL_STYLE}
      labelShowBg
      labelBgStyle={LABEL_BG_STYLE}
      labelBgPadding={LABEL_BG_PADDING}
      labelBgBorderRadius={4}
      interactionWidth={16}
    />
  );
}

const LABEL_STYLE = { fontSize: 10, fill: "#475569" };
const LABEL_BG_STYLE = { fill: "#f8fafc" };
const LABEL_BG_PADDING: [number, number] = [4, 2];

export const LinkEdge = memo(LinkEdgeView);
