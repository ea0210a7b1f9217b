/** A sequence model's forecast: one validation window, then the true and the forecast next value. */
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Evaluation, jobsApi, type Samples } from "../api/jobs";
import { Chart } from "./Chart";
import { forecastSeries } from "./forecastSeries";

export function Forecast({ jobId, evaluation }: { jobId: number; evaluation: Evaluation }) {
  const { t } = useTranslation();
  const [samples, setSamples] = useState<Samples | null>(null);
  const [chosen, setChosen] = useState(0);
  useEffect(() => {
    let live = true;
    jobsApi
      .samples(jobId)
      .then((s) => live && setSamples(s))
      .catch(() => live && setSamples(null));
    return () => {
      live = false;
    };
  }, [jobId]);
  const predictions = evaluation.predictions ?? [];
  const prediction = predictions[chosen];
  const history = samples?.samples.find((s) => s.index === prediction?.index)?.values;
  const series = useMemo(() => forecastSeries(history, prediction), [history, prediction]);
  const lines = useMemo(
    () => [
      { label: t("training.tryIt.history"), color: "#6b7280" },
      { label: t("timeSeries.truth"), color: "#059669" },
      { label: t("timeSeries.forecast"), color: "#4f46e5" },
    ],
    [t],
  );
  if (predictions.length === 0) return null;
  return (
    <div className="forecast">
      <label>
        {t("training.tryIt.window")}{" "}
        <select
          data-testid="forecast-sample"
          value={chosen}
          onChange={(e) => setChosen(Number(e.target.value))}
        >
          {predictions.map((p, i) => (
            <option key={p.index} value={i}>
              #{p.index}
            </option>
          ))}
        </select>
      </label>
      <Chart
        testid="forecast"
        title={t("training.tryIt.forecast")}
        xLabel="t"
        lines={lines}
        data={series}
        points={series[0]?.length ?? 0}
      />
    </div>
  );
}
