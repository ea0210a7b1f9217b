/** Generated samples of a generative network (a VAE): the grid of images it draws from noise
 * after each epoch, the latent map of a 2-D latent space (the decoder's images over the plane
 * beside the validation samples' mu, coloured by class) and, once trained, a "Generate" button
 * that draws new images on a worker (`POST /api/jobs/{id}/generate`), the latest drawn set kept
 * in this browser for a reload. Live from the job's stream; the stored latest
 * (`GET /api/jobs/{id}/generated`) after a reload of an ended job. */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type EventOf, jobsApi } from "../api/jobs";
import { classColour } from "./boundary";
import {
  askStored,
  countOf,
  gridTiles,
  keepDrawn,
  MAX_COUNT,
  recallDrawn,
  tileScale,
} from "./generatedSamples";

type Generated = EventOf<"samples">;
type Latent = NonNullable<Generated["latent"]>;

const MAP = 320;

/** The grid picture cut into its tiles with gaps between them (CSS), so each image stands
 * apart; every tile shows its window of the one PNG, scaled by a whole number. */
function Grid({
  url,
  count,
  columns,
  side,
  testId,
}: {
  url: string;
  count: number;
  columns: number;
  side: number;
  testId: string;
}) {
  const scale = Math.max(tileScale(side), Math.floor(MAP / Math.max(columns * side, 1)));
  const size = side * scale;
  const rows = Math.ceil(count / Math.max(columns, 1));
  return (
    <div
      className="generated-tiles"
      data-testid={testId}
      data-count={count}
      style={{ gridTemplateColumns: `repeat(${columns}, ${size}px)` }}
    >
      {gridTiles(count, columns, side, scale).map((tile) => (
        <div
          key={tile.key}
          className="generated-tile"
          style={{
            width: size,
            height: size,
            backgroundImage: `url("${url}")`,
            backgroundSize: `${columns * size}px ${rows * size}px`,
            backgroundPosition: tile.position,
          }}
        />
      ))}
    </div>
  );
}

function drawPoints(canvas: HTMLCanvasElement, latent: Latent): void {
  const context = canvas.getContext("2d");
  if (!context) return;
  const { low, high } = latent;
  const at = (v: number) => ((Math.min(Math.max(v, low), high) - low) / (high - low)) * MAP;
  context.clearRect(0, 0, MAP, MAP);
  context.strokeStyle = "#9ca3af";
  context.strokeRect(0, 0, MAP, MAP);
  for (const [z0 = 0, z1 = 0, k = 0] of latent.points) {
    context.beginPath();
    context.arc(at(z0), MAP - at(z1), 2.5, 0, 2 * Math.PI);
    context.fillStyle = classColour(k);
    context.fill();
  }
}

function LatentMap({ latent }: { latent: Latent }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) drawPoints(canvas.current, latent);
  }, [latent]);
  return (
    <div data-testid="latent-map">
      <h3>{t("generated.latentTitle")}</h3>
      <p className="muted">{t("generated.latentHelp", { low: latent.low, high: latent.high })}</p>
      <div style={{ display: "flex", gap: 16, flexWrap: "wrap", alignItems: "flex-start" }}>
        <img
          src={latent.grid}
          alt=""
          width={MAP}
          height={MAP}
          data-testid="latent-grid"
          style={{ imageRendering: "pixelated" }}
        />
        <canvas ref={canvas} width={MAP} height={MAP} data-testid="latent-points" />
        <ul className="latent-legend" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {latent.class_names.length > 1 &&
            latent.class_names.map((name, k) => (
              <li key={name}>
                <span style={{ color: classColour(k) }}>●</span> {name}
              </li>
            ))}
        </ul>
      </div>
    </div>
  );
}

function GenerateButton({ jobId, shape }: { jobId: number; shape: number[] }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState("16");
  const [images, setImages] = useState<string[]>(() => recallDrawn(jobId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { count, clamped } = countOf(typed);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const drawn = (await jobsApi.generate(jobId, { count })).images;
      setImages(drawn);
      keepDrawn(jobId, drawn);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const side = shape[2] ?? 8;
  const size = side * tileScale(side);
  return (
    <div className="generate" data-testid="generate">
      <label>
        {t("generated.count")}{" "}
        <input
          type="number"
          min={1}
          max={MAX_COUNT}
          value={typed}
          data-testid="generate-count"
          onChange={(e) => setTyped(e.target.value)}
          style={{ width: 60 }}
        />
      </label>{" "}
      {/* a count over the limit is drawn at the limit: a notice, not an error */}
      <span className={clamped ? "muted notice" : "muted"} data-testid="generate-limit">
        {clamped
          ? t("generated.countClamped", { max: MAX_COUNT, count })
          : t("generated.countLimit", { max: MAX_COUNT })}
      </span>{" "}
      <button type="button" onClick={run} disabled={busy} data-testid="generate-button">
        {busy ? t("generated.generating") : t("generated.generate")}
      </button>
      {error && <p className="launch-error">{t("generated.failed", { message: error })}</p>}
      {images.length > 0 && (
        <div data-testid="generated-fresh">
          <p>
            {t("generated.fresh")} <span className="muted">{t("generated.freshKept")}</span>
          </p>
          <div
            className="generated-tiles"
            style={{ gridTemplateColumns: `repeat(auto-fill, ${size}px)`, maxWidth: MAP + 40 }}
          >
            {images.map((url, n) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a drawn set is replaced whole
              <img key={n} src={url} alt="" width={size} height={size} className="generated-tile" />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

/** `live`: the newest samples event of the stream (null: none yet); `epochs`: how many epochs
 * the job has shown; `generative`: whether its graph has a noise node (only those are asked
 * for the stored samples); `trained`: the job has weights, so new images can be drawn. */
export function GeneratedSamples({
  jobId,
  live,
  epochs,
  generative,
  trained,
  status,
}: {
  jobId: number;
  live: Generated | null;
  epochs: number;
  generative: boolean;
  trained: boolean;
  status: string;
}) {
  const { t } = useTranslation();
  const [stored, setStored] = useState<Generated | null>(null);
  const ask = askStored(status, generative, epochs, live);
  useEffect(() => {
    if (!ask) return;
    let current = true;
    jobsApi
      .generated(jobId)
      .then((g) => current && setStored(g as Generated))
      .catch(() => undefined); // none yet
    return () => {
      current = false;
    };
  }, [jobId, ask]);
  const data = live ?? stored;
  if (!data) return null;
  return (
    <section className="generated-samples" data-testid="generated-samples" data-epoch={data.epoch}>
      <h2>{t("generated.title")}</h2>
      <p className="muted" data-testid="generated-epoch">
        {t("generated.epoch", { epoch: data.epoch, count: data.count })}
      </p>
      <Grid
        url={data.grid}
        count={data.count}
        columns={data.columns}
        side={data.shape[2] ?? 8}
        testId="generated-grid"
      />
      {data.latent && <LatentMap latent={data.latent} />}
      {trained && <GenerateButton jobId={jobId} shape={data.shape} />}
    </section>
  );
}

/** Whether a job's graph draws from noise: a GaussianSample (a VAE) or a RandomNoise (a GAN). */
export function isGenerative(graph: unknown): boolean {
  const nodes = (graph as { nodes?: { type?: string }[] } | null)?.nodes ?? [];
  return nodes.some((node) => node.type === "GaussianSample" || node.type === "RandomNoise");
}
