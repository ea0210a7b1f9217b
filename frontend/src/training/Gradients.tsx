/** "Weights and gradients": per layer, the gradient norm and the weight norm over the epochs
 * (log scale, a line per layer), one layer's histograms at a chosen epoch, the figures beside,
 * and a CSV download. Fed live by the job's epoch events (`view.layers`). */
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { download } from "../components/download";
import { Chart, type Line } from "./Chart";
import {
  type EpochLayers,
  formatNorm,
  histogramEpochs,
  layerIds,
  layersCsv,
  normSeries,
  withGradient,
} from "./gradients";
import { HistogramBars } from "./HistogramBars";
import { lineColour } from "./palette";

/** A line per layer, its colour by its place among all layers, so both charts agree. */
const linesOf = (names: readonly string[], ids: readonly string[]): Line[] =>
  names.map((id) => ({ label: id, color: lineColour(ids.indexOf(id)) }));

export function Gradients({ jobId, layers }: { jobId: number; layers: EpochLayers[] }) {
  const { t } = useTranslation();
  const ids = useMemo(() => layerIds(layers), [layers]);
  const graded = useMemo(() => withGradient(layers, ids), [layers, ids]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [chosenEpoch, setChosenEpoch] = useState<number | null>(null);
  const grads = useMemo(
    () => ({ lines: linesOf(graded, ids), data: normSeries(layers, graded, "grad_norm") }),
    [layers, graded, ids],
  );
  const weights = useMemo(
    () => ({ lines: linesOf(ids, ids), data: normSeries(layers, ids, "weight_norm") }),
    [layers, ids],
  );
  if (layers.length === 0) return null;
  const layer = chosen !== null && ids.includes(chosen) ? chosen : (ids[0] ?? "");
  const epochs = histogramEpochs(layers, layer);
  const epoch = chosenEpoch !== null && epochs.includes(chosenEpoch) ? chosenEpoch : epochs.at(-1);
  const at = layers.find((e) => e.epoch === epoch) ?? layers[layers.length - 1];
  const figures = at?.layers[layer];
  return (
    <section
      className="gradients"
      data-testid="gradients"
      data-layers={ids.length}
      data-epochs={layers.length}
    >
      <div className="curves-tools">
        <h3>{t("gradients.title")}</h3>
        <button
          type="button"
          data-testid="gradients-csv"
          onClick={() => download(`job${jobId}-layers.csv`, layersCsv(layers))}
        >
          {t("gradients.csv")}
        </button>
      </div>
      <p className="muted">{t("gradients.which")}</p>
      <div className="curve-grid gradients-grid">
        <Chart
          testid="gradients-grad"
          title={t("gradients.gradNorm")}
          lines={grads.lines}
          data={grads.data}
          points={layers.length}
          log
        />
        <Chart
          testid="gradients-weight"
          title={t("gradients.weightNorm")}
          lines={weights.lines}
          data={weights.data}
          points={layers.length}
          log
        />
      </div>
      <div className="curves-tools">
        <label>
          {t("gradients.layer")}{" "}
          <select data-testid="gradients-layer" value={layer} onChange={(e) => setChosen(e.target.value)}>
            {ids.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("gradients.epoch")}{" "}
          <select
            data-testid="gradients-epoch"
            value={epoch ?? ""}
            onChange={(e) => setChosenEpoch(Number(e.target.value))}
          >
            {epochs.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="gradients-detail">
        {figures?.weight_hist && (
          <HistogramBars
            testid="gradients-weight-hist"
            title={t("gradients.weights", { layer })}
            hist={figures.weight_hist}
            color="#4f46e5"
          />
        )}
        {figures?.grad_hist ? (
          <HistogramBars
            testid="gradients-grad-hist"
            title={t("gradients.grads", { layer })}
            hist={figures.grad_hist}
            color="#dc2626"
          />
        ) : (
          figures && <p className="muted">{t("gradients.noGradient")}</p>
        )}
        {at && <NormTable at={at} ids={ids} chosen={layer} />}
      </div>
    </section>
  );
}

/** The chosen epoch's norms of every layer, the chosen one marked: the figures beside the charts. */
function NormTable({ at, ids, chosen }: { at: EpochLayers; ids: string[]; chosen: string }) {
  const { t } = useTranslation();
  return (
    <table className="gradients-table" data-testid="gradients-table">
      <caption>{t("gradients.atEpoch", { epoch: at.epoch })}</caption>
      <thead>
        <tr>
          <th className="gradients-cell name">{t("gradients.layer")}</th>
          <th className="gradients-cell">{t("gradients.weightNorm")}</th>
          <th className="gradients-cell">{t("gradients.gradNorm")}</th>
        </tr>
      </thead>
      <tbody>
        {ids.map((id) => (
          <tr key={id} className={id === chosen ? "chosen" : undefined} data-layer={id}>
            <td className="gradients-cell name">{id}</td>
            <td className="gradients-cell">{formatNorm(at.layers[id]?.weight_norm)}</td>
            <td className="gradients-cell">{formatNorm(at.layers[id]?.grad_norm)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
