/** A time series job's forecast over the whole validation period against the truth, with its errors. */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Chart } from "./Chart";
import { type PeriodSeries, periodLines, periodSpan } from "./periodSeries";

const fixed = (v: number | undefined) => (v === undefined ? "–" : v.toFixed(2));

export function ForecastPeriod({
  series,
  mae,
  maxError,
}: {
  series: PeriodSeries;
  mae?: number;
  maxError?: number;
}) {
  const { t } = useTranslation();
  const data = useMemo(() => periodLines(series), [series]);
  const unit = series.unit ? ` ${series.unit}` : "";
  const lines = useMemo(
    () => [
      { label: t("timeSeries.truth"), color: "#059669", thin: true },
      { label: t("timeSeries.forecast"), color: "#4f46e5", thin: true },
    ],
    [t],
  );
  return (
    <div className="forecast-period" data-testid="forecast-period">
      <table className="data-table metrics" data-testid="forecast-errors">
        <tbody>
          <tr>
            <th>{t("timeSeries.mae")}</th>
            <td data-testid="forecast-mae">
              {fixed(mae)}
              {unit}
            </td>
            <th>{t("timeSeries.maxError")}</th>
            <td data-testid="forecast-max-error">
              {fixed(maxError)}
              {unit}
            </td>
          </tr>
        </tbody>
      </table>
      <p className="ds-muted">{t("timeSeries.period", periodSpan(series))}</p>
      <Chart
        testid="forecast-chart"
        title={t("timeSeries.chartTitle")}
        xLabel={t("timeSeries.step")}
        xNames={series.steps}
        lines={lines}
        data={data}
        points={data[0]?.length ?? 0}
      />
    </div>
  );
}
