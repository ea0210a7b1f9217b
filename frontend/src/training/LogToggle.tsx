/** The "Log scale" box for a loss chart: a job's curves and the class's compared curves share it. */
import { useTranslation } from "react-i18next";

export function LogToggle({
  testid,
  log,
  onChange,
}: {
  testid: string;
  log: boolean;
  onChange(log: boolean): void;
}) {
  const { t } = useTranslation();
  return (
    <label className="check">
      <input
        type="checkbox"
        data-testid={testid}
        checked={log}
        onChange={(e) => onChange(e.target.checked)}
      />
      {t("training.detail.logScale")}
    </label>
  );
}
