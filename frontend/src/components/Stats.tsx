/** Totals of parameters and multiply-adds, and a per-layer table with a bar for each; the
 * multiply-adds' headings say on hover how they are counted (no bias adds, as fvcore does). */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatCompact, formatCount } from "../graph/format";
import { usePaintedSince } from "../hooks/usePaintedSince";
import { useGraphStore } from "../store/graphStore";
import { useSessionStore } from "../store/sessionStore";
import { useValidationStore } from "../store/validationStore";

function Bar({ value, max, kind }: { value: number; max: number; kind: "params" | "macs" }) {
  const width = max > 0 ? Math.max((value / max) * 100, value > 0 ? 2 : 0) : 0;
  return (
    <div className="stats-bar" title={formatCount(value)}>
      <div className={`stats-bar-fill ${kind}`} style={{ width: `${width}%` }} />
      <span className="stats-bar-text">{formatCompact(value)}</span>
    </div>
  );
}

/** Rows listed before "Show all": a large graph's table would cost the page on every frame. */
export const SHOWN_ROWS = 100;

export function Stats() {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const order = useGraphStore((s) => s.nodes.map((n) => `${n.id}\t${n.data.type}`).join("\n"));
  const result = useValidationStore((s) => s.result);
  const tab = useGraphStore((s) => s.tab);
  // The rows wait for the first frame of a newly loaded graph to be painted: a large graph's
  // canvas shows sooner.
  const painted = usePaintedSince(useSessionStore((s) => s.fitRequest));
  const rows = (order ? order.split("\n") : []).map((line) => {
    const [id = "", type = ""] = line.split("\t");
    const report = result?.nodes[id];
    return { id, type, params: report?.params ?? 0, macs: report?.macs ?? 0 };
  });
  const maxParams = Math.max(0, ...rows.map((r) => r.params));
  const maxMacs = Math.max(0, ...rows.map((r) => r.macs));
  return (
    <section className="stats" data-testid="stats">
      <h2 className="panel-title">{t("statistics")}</h2>
      {tab !== null && (
        <p className="panel-note" data-testid="stats-unit-note">
          {t("units.statsNote", { name: tab })}
        </p>
      )}
      <div className="stats-totals">
        <div className="stats-total">
          <span className="stats-total-label">{t("totalParams")}</span>
          <span className="stats-total-value" data-testid="stats-total-params">
            {formatCount(result?.total_params ?? 0)}
          </span>
        </div>
        <div className="stats-total">
          <span className="stats-total-label" title={t("macsHelp")} data-testid="stats-macs-help">
            {t("totalMacs")}
          </span>
          <span className="stats-total-value" data-testid="stats-total-macs">
            {formatCount(result?.total_macs ?? 0)}
          </span>
        </div>
      </div>
      <table className="stats-table">
        <thead>
          <tr>
            <th>{t("layer")}</th>
            <th>{t("params")}</th>
            <th title={t("macsHelp")}>{t("macs")}</th>
          </tr>
        </thead>
        <tbody>
          {(!painted ? [] : all ? rows : rows.slice(0, SHOWN_ROWS)).map((row) => (
            <tr key={row.id} data-testid={`stats-row-${row.id}`}>
              <td className="stats-layer">
                <span className="stats-id">{row.id}</span>
                <span className="stats-type">{row.type}</span>
              </td>
              <td>
                <Bar value={row.params} max={maxParams} kind="params" />
              </td>
              <td>
                <Bar value={row.macs} max={maxMacs} kind="macs" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > SHOWN_ROWS && (
        <button type="button" className="stats-more" onClick={() => setAll(!all)} data-testid="stats-more">
          {all ? t("statsFewer", { count: SHOWN_ROWS }) : t("statsAll", { count: rows.length })}
        </button>
      )}
    </section>
  );
}
