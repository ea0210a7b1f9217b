/** The validity summary: valid or how many errors, with the graph-wide problems listed on hover. */
import { useTranslation } from "react-i18next";
import { useValidationStore } from "../store/validationStore";

export function GraphStatus() {
  const { t } = useTranslation();
  const result = useValidationStore((s) => s.result);
  const pending = useValidationStore((s) => s.pending);
  const error = useValidationStore((s) => s.error);
  const valid = result?.valid === true;
  const problems = [...(result?.errors ?? []), ...(result?.warnings ?? [])]
    .map((i) => (i.node ? `${i.node}: ${i.message}` : i.message))
    .join("\n");
  let label: string;
  if (error) label = t("unreachable");
  else if (!result) label = t("checking");
  else if (valid) label = t("valid");
  else label = t("invalid", { count: result.errors.length });
  const warnings = result?.warnings.length ?? 0;
  return (
    <div
      className={`graph-status ${valid ? "ok" : "bad"}${pending ? " pending" : ""}`}
      data-testid="graph-status"
      data-valid={valid ? "true" : "false"}
      data-pending={pending ? "true" : "false"}
      title={error ?? problems}
    >
      <span className="graph-status-dot" />
      <span>{label}</span>
      {warnings > 0 && <span className="graph-status-warnings">{t("warnings", { count: warnings })}</span>}
    </div>
  );
}
