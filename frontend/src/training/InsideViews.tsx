/** The three views of "Inside the network": feature maps, first-layer filters, Grad-CAM. */
import { useTranslation } from "react-i18next";
import type { FeatureMapsAnswer, GradCamAnswer, InsidePicture } from "../api/inside";
import { camEmpty, download, gridCsv, short } from "./insideData";

const TABLE_MAX = 16; // a grid larger than this a side is downloaded, not tabled
const tabled = (grid: readonly (readonly number[])[]) =>
  grid.length > 0 && grid.length <= TABLE_MAX && (grid[0]?.length ?? 0) <= TABLE_MAX;

function Tile({ picture, testId }: { picture: InsidePicture; testId: string }) {
  return (
    <figure className="inside-tile" data-testid={testId}>
      <img src={picture.image} alt={`#${picture.index}`} />
      <figcaption>
        <b>#{picture.index}</b> {short(picture.min)} … {short(picture.max)}
      </figcaption>
    </figure>
  );
}

function JsonLink({ name, data }: { name: string; data: unknown }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="small"
      data-testid="inside-json"
      onClick={() => download(name, JSON.stringify(data, null, 1), "application/json")}
    >
      {t("inside.downloadJson")}
    </button>
  );
}

export function FeatureMapsView({ jobId, answer }: { jobId: number; answer: FeatureMapsAnswer }) {
  const { t } = useTranslation();
  return (
    <div className="inside-view" data-testid="inside-maps">
      <p className="muted">{t("inside.mapsHelp")}</p>
      {answer.layers.some((layer) => layer.node.includes(".")) && (
        <p className="muted" data-testid="inside-unit-paths">
          {t("inside.unitPaths")}
        </p>
      )}
      {answer.layers.map((layer) => (
        <div key={layer.node} className="inside-layer" data-testid={`inside-layer-${layer.node}`}>
          <h4>
            {layer.node} <span className="muted">{layer.shape.join("×")}</span>{" "}
            <span className="muted">
              {t("inside.shown", { shown: layer.channels.length, total: layer.shape[0] })}
            </span>
          </h4>
          <div className="inside-tiles">
            {layer.channels.map((c) => (
              <Tile key={c.index} picture={c} testId="inside-map" />
            ))}
          </div>
        </div>
      ))}
      <JsonLink name={`job${jobId}-feature-maps.json`} data={answer} />
    </div>
  );
}

export function FiltersView({ jobId, answer }: { jobId: number; answer: FeatureMapsAnswer }) {
  const { t } = useTranslation();
  const { filters } = answer;
  return (
    <div className="inside-view" data-testid="inside-filters">
      <h4>
        {filters.node} <span className="muted">{filters.shape.join("×")}</span>{" "}
        <span className="muted">
          {t("inside.shown", { shown: filters.filters.length, total: filters.shape[0] })}
        </span>
      </h4>
      <p className="muted" data-testid="inside-filters-mode">
        {t(`inside.mode_${filters.mode}` as "inside.mode_gray")}
      </p>
      <div className="inside-tiles">
        {filters.filters.map((f) => (
          <Tile key={f.index} picture={f} testId="inside-filter" />
        ))}
      </div>
      <JsonLink name={`job${jobId}-filters.json`} data={filters} />
    </div>
  );
}

function Grid({ grid }: { grid: number[][] }) {
  return (
    <table className="inside-grid" data-testid="inside-grid">
      <tbody>
        {grid.map((row, r) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a grid row has no identity but its place
          <tr key={r}>
            {row.map((v, c) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a grid cell has no identity but its place
              <td key={c} style={{ background: `rgba(220, 38, 38, ${v})` }}>
                {v.toFixed(2)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function GradCamView({
  jobId,
  answer,
  klass,
  onClass,
  onLayer,
}: {
  jobId: number;
  answer: GradCamAnswer;
  klass: number | null;
  onClass: (klass: number | null) => void;
  /** Another layer to weight: one of `answer.layers` (a Conv2d, or a path inside a use). */
  onLayer: (layer: string) => void;
}) {
  const { t } = useTranslation();
  const names = answer.class_names;
  const predicted = names[answer.predicted] ?? String(answer.predicted);
  const percent = (p: number) => `${(p * 100).toFixed(1)}%`;
  return (
    <div className="inside-view" data-testid="inside-gradcam">
      <p className="muted">{t("inside.camHelp")}</p>
      <label className="inside-class">
        {t("inside.class")}{" "}
        <select
          data-testid="inside-class"
          value={klass === null ? "" : String(klass)}
          onChange={(e) => onClass(e.target.value === "" ? null : Number(e.target.value))}
        >
          <option value="">{t("inside.predictedClass", { name: predicted })}</option>
          {names.map((name, i) => (
            <option key={name} value={i}>
              {name} ({percent(answer.probabilities[i] ?? 0)})
            </option>
          ))}
        </select>
      </label>{" "}
      {answer.layers && answer.layers.length > 0 && (
        <label className="inside-class">
          {t("inside.camLayer")}{" "}
          <select
            data-testid="inside-cam-layer"
            value={answer.layer}
            onChange={(e) => onLayer(e.target.value)}
          >
            {answer.layers.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      <p data-testid="inside-cam-facts">
        {t("inside.camFacts", {
          name: answer.class_name,
          probability: percent(answer.probability),
          layer: answer.layer,
          max: short(answer.cam_max),
        })}
      </p>
      {camEmpty(answer) && (
        <p className="muted" data-testid="inside-cam-empty">
          {t("inside.camEmpty")}
        </p>
      )}
      <div className="inside-cam">
        <figure>
          <img src={answer.overlay} alt={t("inside.overlay")} data-testid="inside-overlay" />
          <figcaption>{t("inside.overlay")}</figcaption>
        </figure>
        <figure>
          <img src={answer.heat} alt={t("inside.heat")} />
          <figcaption>{t("inside.heat")}</figcaption>
        </figure>
        <figure>
          <img src={answer.input} alt={t("inside.input")} />
          <figcaption>{t("inside.input")}</figcaption>
        </figure>
        {tabled(answer.heatmap) ? (
          <figure>
            <Grid grid={answer.heatmap} />
            <figcaption>{t("inside.gridCaption")}</figcaption>
          </figure>
        ) : (
          tabled(answer.grid) && (
            <figure>
              <Grid grid={answer.grid} />
              <figcaption>
                {t("inside.layerGridCaption", {
                  layer: answer.layer,
                  size: `${answer.grid.length}×${answer.grid[0]?.length ?? 0}`,
                })}
              </figcaption>
            </figure>
          )
        )}
      </div>
      <JsonLink name={`job${jobId}-gradcam.json`} data={answer} />{" "}
      <button
        type="button"
        className="small"
        data-testid="inside-csv"
        onClick={() =>
          download(`job${jobId}-gradcam-${answer.layer}.csv`, gridCsv(answer.heatmap), "text/csv")
        }
      >
        {t("inside.downloadCsv")}
      </button>
    </div>
  );
}
