/** An edge labelled with the shape its source produces. */
import { BaseEdge, type EdgeProps, getBezierPath } from "@xyflow/react";
import { memo } from "react";
import { formatShape } from "../graph/format";
import type { LinkEdge as LinkEdgeType } from "../graph/types";
import { usePhaseView } from "../phases/phaseViewStore";
import { useValidationStore } from "../store/validationStore";
import { useDetail } from "./detail";

function LinkEdgeView(props: EdgeProps<LinkEdgeType>) {
  // Far out the labels are too small to read: leave them out (and spare their painting).
  const detail = useDetail();
  const readable = detail === "full";
  const shape = useValidationStore((s) =>
    readable ? s.result?.nodes[props.source]?.output_shape : undefined,
  );
  // In a network view, an edge into a node the view dims is dimmed too.
  const dim = usePhaseView((s) => s.lit !== null && !s.lit.has(props.target));
  const [path, labelX, labelY] = getBezierPath(props);
  return (
    <BaseEdge
      id={props.id}
      path={path}
      markerEnd={props.markerEnd}
      style={dim ? { ...props.style, opacity: 0.2 } : props.style}
      label={shape ? formatShape(shape) : undefined}
      labelX={labelX}
      labelY={labelY}
      labelStyle={{ fontSize: 10, fill: "#475569" }}
      labelShowBg
      labelBgStyle={{ fill: "#f8fafc" }}
      labelBgPadding={[4, 2]}
      labelBgBorderRadius={4}
      // In outline the wide invisible path an edge is picked by would be a few pixels across:
      // a large graph mounts one path per edge instead of two.
      interactionWidth={detail === "outline" ? 0 : 16}
    />
  );
}

export const LinkEdge = memo(LinkEdgeView);
