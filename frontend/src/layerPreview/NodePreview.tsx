/**
 * A node's layer preview, inside the node: its output for the previewed sample as small tiles
 * (one per image channel), bars (a vector) or lines (a sequence), with the numbers beside.
 * Drawn as plain images and SVG: dozens of nodes each with a chart library's canvas would make
 * every answer slow to draw. It reads only its own node's entry, so a node redraws only when
 * its preview changed. On a unit's tab it reads the unit's entry (`answer.units`).
 */
import { memo } from "react";
import { useTranslation } from "react-i18next";
import { bars, linePoints, sheetPreviews, short } from "./data";
import { type NodePreviewData, useLayerPreviewStore } from "./store";

const WIDTH = 150;
const HEIGHT = 32;
const COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea"];

function Tiles({ preview }: { preview: NodePreviewData }) {
  const { t } = useTranslation();
  const channels = preview.channels ?? [];
  return (
    <div className="node-preview-tiles">
      {channels.map((c, i) => (
        <img
          // biome-ignore lint/suspicious/noArrayIndexKey: channels are fixed positions
          key={i}
          data-testid="node-preview-tile"
          src={c.png}
          alt={t("layerPreview.channel", { index: i })}
          title={`${t("layerPreview.channel", { index: i })}: ${short(c.min)} … ${short(c.max)}`}
        />
      ))}
      {(preview.shape[0] ?? 0) > channels.length && (
        <span className="node-preview-more">
          {t("layerPreview.more", { count: (preview.shape[0] ?? 0) - channels.length })}
        </span>
      )}
    </div>
  );
}

function Bars({ values }: { values: number[] }) {
  return (
    <svg
      className="node-preview-chart"
      data-testid="node-preview-bars"
      width={WIDTH}
      height={HEIGHT}
      role="img"
    >
      <title>{values.map(short).join(", ")}</title>
      {bars(values, WIDTH, HEIGHT).map((b, i) => (
        <rect
          // biome-ignore lint/suspicious/noArrayIndexKey: one bar per position
          key={i}
          x={b.x}
          y={b.y}
          width={b.width}
          height={b.height}
          className={b.negative ? "neg" : "pos"}
        >
          <title>{`${i}: ${short(values[i] ?? 0)}`}</title>
        </rect>
      ))}
    </svg>
  );
}

function Lines({ preview }: { preview: NodePreviewData }) {
  return (
    <svg
      className="node-preview-chart"
      data-testid="node-preview-lines"
      width={WIDTH}
      height={HEIGHT}
      role="img"
    >
      <title>{`${short(preview.min)} … ${short(preview.max)}`}</title>
      {(preview.lines ?? []).map((line, i) => (
        <polyline
          // biome-ignore lint/suspicious/noArrayIndexKey: one line per feature
          key={i}
          points={linePoints(line, preview.min, preview.max, WIDTH, HEIGHT)}
          fill="none"
          stroke={COLOURS[i % COLOURS.length]}
          strokeWidth={1}
        />
      ))}
    </svg>
  );
}

/** Node `id` of the open sheet: the network (`unit` null) or a unit's tab, whose nodes show
 * the unit's body as its first use runs it. */
function NodePreviewView({ id, unit }: { id: string; unit: string | null }) {
  const { t } = useTranslation();
  const preview = useLayerPreviewStore((s) => (s.on ? sheetPreviews(s.answer, unit)?.[id] : undefined));
  if (!preview) return null;
  return (
    <div className="node-preview" data-testid="node-preview" data-kind={preview.kind}>
      {preview.kind === "image" && <Tiles preview={preview} />}
      {preview.kind === "vector" && <Bars values={preview.values ?? []} />}
      {preview.kind === "sequence" && <Lines preview={preview} />}
      <div className="node-preview-numbers" data-testid="node-preview-numbers">
        {t("layerPreview.range", {
          min: short(preview.min),
          max: short(preview.max),
          mean: short(preview.mean),
        })}
        {preview.downsampled && ` · ${t("layerPreview.averaged")}`}
      </div>
    </div>
  );
}

export const NodePreview = memo(NodePreviewView);
