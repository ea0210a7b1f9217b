/** One uPlot line chart, rebuilt when its series change, sized to its container. */
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import uPlot, { type AlignedData, type Options } from "uplot";
import "uplot/dist/uPlot.min.css";

export interface Line {
  label: string;
  color: string;
  dash?: boolean;
  /** A dense line (the per-step curve): thin, without point markers. */
  thin?: boolean;
}

interface Props {
  testid: string;
  title: string;
  lines: Line[];
  data: (number | null)[][];
  points: number;
  /** How many points the per-step curve has here, for tests and readers of the page. */
  stepPoints?: number;
  /** Where the per-step curve ends on the epoch axis (its last point's x), likewise. */
  stepEnd?: number;
  log?: boolean;
  /** The x axis's name; the epochs' (in the UI's language) when none is given. */
  xLabel?: string;
  /** Names of the x values (dates), shown on the axis instead of the numbers: x = i names xNames[i]. */
  xNames?: readonly string[];
  /** A fixed y range (percentages: [0, 100]) instead of one fitted to the data. */
  yRange?: [number, number];
  /** A vertical dashed line at x with a label (the epoch whose weights the run kept). */
  mark?: { x: number; label: string };
}

const HEIGHT = 200;
const NO_LINE: Line = { label: "", color: "transparent" };
/** A dashed line's pattern, in px: 6 drawn, 4 left out. */
const DASH = [6, 4] as const;

/** A legend swatch drawn as its line is drawn: the colour solid, or in the line's own dashes
 * (uPlot's own markers are squares, so a dashed training curve looked like a solid one). */
export const swatchFill = (line: Pick<Line, "color" | "dash">): string =>
  line.dash
    ? `repeating-linear-gradient(to right, ${line.color} 0 ${DASH[0]}px, transparent ${DASH[0]}px ${DASH[0] + DASH[1]}px)`
    : line.color;

/** A log axis's label: exponent form where plain digits would round away (1e-7), else plain;
 * none for a split uPlot leaves out (null: too close to the one before). */
export const logLabel = (v: number | null): string => {
  if (v === null) return "";
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(0);
  return String(Number(v.toPrecision(6)));
};

/** A linear axis's label: the number to 6 significant digits. uPlot's own labels keep 3
 * decimals, so a learning-rate axis read 0.001, 0.002, 0.002 for 0.001, 0.0015, 0.002. */
export const linearLabel = (v: number | null): string => (v === null ? "" : String(Number(v.toPrecision(6))));

/** A y axis's width in px for its labels: uPlot's 50 unless one is longer than 5 characters. */
export const axisWidth = (values: readonly string[] | null): number =>
  Math.max(50, 22 + 7 * Math.max(0, ...(values ?? []).map((v) => v.length)));

/** A dashed vertical line at x over the plot, its label at the top. */
function drawMark(u: uPlot, x: number, label: string): void {
  const left = u.valToPos(x, "x", true);
  const { top, height } = u.bbox;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = "#059669";
  ctx.fillStyle = "#059669";
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.beginPath();
  ctx.moveTo(left, top);
  ctx.lineTo(left, top + height);
  ctx.stroke();
  ctx.font = `${11 * devicePixelRatio}px sans-serif`;
  ctx.textAlign = left > u.bbox.left + u.bbox.width / 2 ? "right" : "left";
  ctx.fillText(
    label,
    left + (ctx.textAlign === "left" ? 4 : -4) * devicePixelRatio,
    top + 12 * devicePixelRatio,
  );
  ctx.restore();
}

export function Chart({
  testid,
  title,
  lines,
  data,
  points,
  stepPoints = 0,
  stepEnd,
  log = false,
  xLabel: xLabelGiven,
  xNames,
  yRange,
  mark,
}: Props) {
  const { t } = useTranslation();
  const xLabel = xLabelGiven ?? t("training.epochAxis");
  const box = useRef<HTMLDivElement>(null);
  const [low, high] = yRange ?? [undefined, undefined]; // numbers: a new array each render is the same range
  const [markX, markLabel] = [mark?.x, mark?.label]; // likewise
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const options: Options = {
      width: Math.max(element.clientWidth, 240),
      height: HEIGHT,
      title,
      scales: {
        x: { time: false },
        y: log ? { distr: 3 } : low !== undefined && high !== undefined ? { range: [low, high] } : {},
      },
      axes: [
        {
          label: xLabel,
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
          // uPlot takes a key set to undefined as the value: named axes add theirs only
          ...(xNames
            ? {
                values: (_u: uPlot, splits: number[]) => splits.map((v) => xNames[v] ?? String(v)),
                space: 100,
              }
            : {}),
        },
        // a log axis reaches far below 0.001, which uPlot's own labels round to 0
        log
          ? { values: (_u: uPlot, splits: (number | null)[]) => splits.map(logLabel), size: 60 }
          : {
              values: (_u: uPlot, splits: (number | null)[]) => splits.map(linearLabel),
              // wide enough for the longest label (0.0015), as uPlot's fixed 50 px is not
              size: (_u: uPlot, values: string[] | null) => axisWidth(values),
            },
      ],
      // no border: the swatch is its background, a bar shaped in training.css
      legend: { live: false, markers: { width: 0, fill: (_u, i) => swatchFill(lines[i - 1] ?? NO_LINE) } },
      hooks:
        markX !== undefined && markLabel !== undefined
          ? { draw: [(u: uPlot) => drawMark(u, markX, markLabel)] }
          : {},
      series: [
        { label: xLabel },
        ...lines.map((l) => ({
          label: l.label,
          stroke: l.color,
          width: l.thin ? 1 : 2,
          dash: l.dash ? [...DASH] : undefined,
          spanGaps: true,
          points: { show: !l.thin, size: 5 },
        })),
      ],
    };
    const plot = new uPlot(options, data as AlignedData, element);
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(element.clientWidth, 240), height: HEIGHT }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [title, lines, data, log, xLabel, xNames, low, high, markX, markLabel]);
  return (
    <div
      className="chart"
      data-testid={testid}
      data-points={points}
      data-step-points={stepPoints}
      data-step-end={stepEnd}
      data-x-label={xLabel} /* uPlot draws the axis's name on the canvas: here for readers too */
      data-mark={markX}
      data-log={log}
      ref={box}
    />
  );
}
