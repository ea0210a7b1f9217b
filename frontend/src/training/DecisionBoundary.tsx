/** The decision boundary of a classifier of 2-D inputs: each class's region over the plane
 * (lighter where the network is less sure), the training points on top, axes with numbers, a
 * legend with each class's share of the plane, and the data as CSV or JSON. Live from the job's
 * stream; the stored latest (`GET /api/jobs/{id}/boundary`) after a reload. */
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { jobsApi } from "../api/jobs";
import { download } from "../components/download";
import {
  type BoundaryData,
  boundaryCsv,
  classColour,
  decode,
  type Grid,
  latest,
  pointsOnTheirSide,
  shares,
  tickLabel,
  ticks,
} from "./boundary";

const PLOT = 320;
const LEFT = 44;
const BOTTOM = 34;
const TOP = 8;
const RIGHT = 8;

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The regions as a size × size image: alpha from 0.1 (a toss-up between the classes) to 0.7. */
function regionImage(grid: Grid, classes: number): HTMLCanvasElement {
  const image = document.createElement("canvas");
  image.width = grid.size;
  image.height = grid.size;
  const context = image.getContext("2d");
  if (!context) return image;
  const pixels = context.createImageData(grid.size, grid.size);
  const chance = 1 / Math.max(classes, 2);
  for (let row = 0; row < grid.size; row++) {
    for (let column = 0; column < grid.size; column++) {
      const cell = row * grid.size + column;
      const [r, g, b] = rgb(classColour(grid.predicted[cell] ?? 0));
      const sure = Math.max(0, ((grid.probability[cell] ?? 0) - chance) / (1 - chance));
      const at = ((grid.size - 1 - row) * grid.size + column) * 4; // row 0 (lowest x1) at the bottom
      pixels.data.set([r, g, b, Math.round(255 * (0.1 + 0.6 * sure))], at);
    }
  }
  context.putImageData(pixels, 0, 0);
  return image;
}

function draw(canvas: HTMLCanvasElement, data: BoundaryData, grid: Grid): void {
  const context = canvas.getContext("2d");
  if (!context) return;
  const [x0Min, x0Max, x1Min, x1Max] = grid.extent;
  const px = (x0: number) => LEFT + ((x0 - x0Min) / (x0Max - x0Min)) * PLOT;
  const py = (x1: number) => TOP + PLOT - ((x1 - x1Min) / (x1Max - x1Min)) * PLOT;
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.imageSmoothingEnabled = true;
  context.drawImage(regionImage(grid, data.class_names.length), LEFT, TOP, PLOT, PLOT);
  for (const [x0 = 0, x1 = 0, k = 0] of data.points ?? []) {
    context.beginPath();
    context.arc(px(x0), py(x1), 3, 0, 2 * Math.PI);
    context.fillStyle = classColour(k);
    context.fill();
    context.strokeStyle = "#ffffff";
    context.lineWidth = 1;
    context.stroke();
  }
  context.strokeStyle = "#9ca3af";
  context.strokeRect(LEFT, TOP, PLOT, PLOT);
  context.fillStyle = "#374151";
  context.font = "11px sans-serif";
  context.textAlign = "center";
  for (const value of ticks(x0Min, x0Max))
    context.fillText(tickLabel(value, x0Max - x0Min), px(value), TOP + PLOT + 14);
  context.fillText("x0", LEFT + PLOT / 2, TOP + PLOT + 30);
  context.textAlign = "right";
  for (const value of ticks(x1Min, x1Max))
    context.fillText(tickLabel(value, x1Max - x1Min), LEFT - 4, py(value) + 4);
  context.save();
  context.translate(12, TOP + PLOT / 2);
  context.rotate(-Math.PI / 2);
  context.textAlign = "center";
  context.fillText("x1", 0, 0);
  context.restore();
}

/** `live`: the newest boundary the job's stream gave (null: none yet); `epochs`: how many
 * epochs the job has shown. The stored one is asked for only when epochs ended and the stream
 * gave none, or none with the points (it was trimmed or lost), and only once one exists: a
 * `boundary` event was seen, or the job said it has one (`has_boundary`). Most jobs draw no
 * boundary, and a 2-D job before its first has none: their pages ask nothing (no 404 logged). */
export function DecisionBoundary({
  jobId,
  live,
  epochs,
  twoD,
  kept,
}: {
  jobId: number;
  live: BoundaryData | null;
  epochs: number;
  /** Whether the job's network takes 2-D points: no other job has a boundary to ask for. */
  twoD: boolean;
  /** Whether the server said it keeps a boundary for the job (`has_boundary` of GET /api/jobs/{id}). */
  kept: boolean;
}) {
  const [stored, setStored] = useState<BoundaryData | null>(null);
  // the stream lost them all, or the first (the points)
  const ask = twoD && epochs > 0 && !live?.points && (live !== null || kept);
  useEffect(() => {
    if (!ask) return;
    let current = true;
    jobsApi
      .boundary(jobId)
      .then((b) => current && setStored(b))
      .catch(() => undefined); // none: not a 2-D classifier
    return () => {
      current = false;
    };
  }, [jobId, ask]);
  const data = latest(live, stored);
  if (!data) return null;
  return <BoundaryFigure jobId={jobId} data={data} />;
}

export function BoundaryFigure({
  jobId,
  data,
  compact = false,
}: {
  jobId: number;
  data: BoundaryData;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const grid = useMemo(() => decode(data), [data]);
  const plane = useMemo(() => shares(grid, data.class_names.length), [grid, data.class_names.length]);
  const right = useMemo(() => pointsOnTheirSide(grid, data.points ?? []), [grid, data.points]);
  useEffect(() => {
    if (canvas.current) draw(canvas.current, data, grid);
  }, [data, grid]);
  const percent = (share: number) => `${(100 * share).toFixed(1)} %`;
  return (
    <section
      className="decision-boundary"
      style={{ width: "fit-content" }}
      data-testid="boundary"
      data-epoch={data.epoch}
      data-signature={plane.map((s) => Math.round(s * grid.size * grid.size)).join(",")}
    >
      {!compact && <h2>{t("boundary.title")}</h2>}
      <div
        className="boundary-body"
        style={{ display: "flex", gap: 16, alignItems: "flex-start", flexWrap: "wrap" }}
      >
        <canvas
          ref={canvas}
          width={LEFT + PLOT + RIGHT}
          height={TOP + PLOT + BOTTOM}
          data-testid="boundary-canvas"
        />
        <div className="boundary-legend">
          <p data-testid="boundary-epoch">
            <strong>{t("boundary.epoch", { epoch: data.epoch })}</strong>
          </p>
          <table className="data-table">
            <thead>
              <tr>
                <th>{t("boundary.class")}</th>
                <th>{t("boundary.share")}</th>
              </tr>
            </thead>
            <tbody>
              {data.class_names.map((name, k) => (
                <tr key={name} data-testid={`boundary-class-${k}`}>
                  <td>
                    <span style={{ color: classColour(k) }}>●</span> {name}
                  </td>
                  <td>{percent(plane[k] ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {right !== null && (
            <p data-testid="boundary-points" title={t("figuresNote.pointsHelp", { epoch: data.epoch })}>
              {t("boundary.pointsRight", { share: percent(right), count: data.points?.length ?? 0 })}
            </p>
          )}
          <p className="muted">{t("boundary.shading")}</p>
          <p className="muted">{data.standardised ? t("boundary.unitsStandardised") : t("boundary.units")}</p>
          <p>
            <button
              type="button"
              className="link"
              data-testid="boundary-csv"
              onClick={() =>
                download(`job${jobId}-boundary.csv`, boundaryCsv(grid, data.class_names), "text/csv")
              }
            >
              {t("boundary.csv")}
            </button>{" "}
            <button
              type="button"
              className="link"
              data-testid="boundary-json"
              onClick={() => download(`job${jobId}-boundary.json`, JSON.stringify(data), "application/json")}
            >
              {t("boundary.json")}
            </button>
          </p>
        </div>
      </div>
    </section>
  );
}
