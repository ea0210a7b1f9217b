/** The time series options of an upload: one CSV column cut into windows, split in time order. */
import { useTranslation } from "react-i18next";
import type { SeriesFields as Fields } from "../api/datasets";

export const NO_SERIES: Fields = { column: "", features: "", window: "", horizon: "1", validation: "0.2" };

export function SeriesFields({
  on,
  fields,
  onToggle,
  onChange,
}: {
  on: boolean;
  fields: Fields;
  onToggle: (on: boolean) => void;
  onChange: (fields: Fields) => void;
}) {
  const { t } = useTranslation();
  const field = (key: keyof Fields, type: "text" | "number") => (
    <label className="ds-field" key={key}>
      <span>{t(`timeSeries.${key}`)}</span>
      <input
        data-testid={`series-${key}`}
        type={type}
        value={fields[key]}
        onChange={(e) => onChange({ ...fields, [key]: e.target.value })}
      />
    </label>
  );
  return (
    <fieldset className="ds-series" data-testid="series-options">
      <label>
        <input
          type="checkbox"
          data-testid="series-on"
          checked={on}
          onChange={(e) => onToggle(e.target.checked)}
        />{" "}
        {t("timeSeries.toggle")}
      </label>
      {on && (
        <>
          <p className="ds-muted">{t("timeSeries.help")}</p>
          {field("column", "text")}
          {field("features", "text")}
          {field("window", "number")}
          {field("horizon", "number")}
          {field("validation", "number")}
        </>
      )}
    </fieldset>
  );
}
