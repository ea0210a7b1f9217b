/** One histogram (a layer's weights or gradients at an epoch) as bars on a <canvas>, its range
 * and counts written beside it so the figures are readable without the picture. */
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatNorm, type Histogram } from "./gradients";

const WIDTH = 300;
const HEIGHT = 110;

function draw(canvas: HTMLCanvasElement, hist: Histogram, color: string): void {
  const context = canvas.getContext("2d");
  if (!context) return;
  const scale = window.devicePixelRatio || 1;
  canvas.width = WIDTH * scale;
  canvas.height = HEIGHT * scale;
  context.setTransform(scale, 0, 0, scale, 0, 0);
  context.clearRect(0, 0, WIDTH, HEIGHT);
  const most = Math.max(1, ...hist.counts);
  const bar = WIDTH / Math.max(hist.counts.length, 1);
  context.fillStyle = color;
  hist.counts.forEach((count, i) => {
    const height = (count / most) * (HEIGHT - 4);
    context.fillRect(i * bar + 1, HEIGHT - height, Math.max(bar - 2, 1), height);
  });
  // zero, when the range holds it: whether the values sit on both sides
  if (hist.lo < 0 && hist.hi > 0) {
    const x = ((0 - hist.lo) / (hist.hi - hist.lo)) * WIDTH;
    context.fillStyle = "#6b7280";
    context.fillRect(x, 0, 1, HEIGHT);
  }
}

export function HistogramBars({
  testid,
  title,
  hist,
  color,
}: {
  testid: string;
  title: string;
  hist: Histogram;
  color: string;
}) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) draw(canvas.current, hist, color);
  }, [hist, color]);
  const total = hist.counts.reduce((a, b) => a + b, 0);
  return (
    <figure className="histogram" data-testid={testid} data-bins={hist.counts.length} data-total={total}>
      <figcaption>{title}</figcaption>
      <canvas ref={canvas} style={{ width: WIDTH, height: HEIGHT }} />
      <div className="histogram-range">
        <span>{formatNorm(hist.lo)}</span>
        <span>{formatNorm(hist.hi)}</span>
      </div>
      <p className="muted">
        {t("gradients.histogramFigures", {
          total,
          bins: hist.counts.length,
          most: Math.max(...hist.counts),
        })}
      </p>
    </figure>
  );
}
