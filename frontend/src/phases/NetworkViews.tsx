/**
 * A view per network, under the unit tabs: "All · discriminator · generator". Picking a phase
 * lights on the network canvas the nodes it updates (a `shared_as` name: every use) and its
 * losses, and dims the rest, so the generator and the discriminator read as two networks. A node
 * the phase's gradient only passes through (on the way from a loss back to what it updates, as
 * the discriminator's use on generated images in the generator's phase) is marked apart, with a
 * legend beside the views. Only a highlight: editing, undo, copy and layout work as in "All". A graph without phases shows none.
 */
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { gradientNodes, networkNodes, type Phase } from "../graph/phases";
import type { LinkEdge } from "../graph/types";
import { useGraphStore } from "../store/graphStore";
import { usePhaseView } from "./phaseViewStore";
import { useNodeBrief } from "./useNodeBrief";

const NO_PHASES: Phase[] = [];

/** The network canvas's edges as "source target" lines: a drag changes none of them. Only a
 * graph with phases reads them (a large graph without phases pays nothing on each frame). */
function useWiring(): LinkEdge[] {
  const key = useGraphStore((s) =>
    s.training?.phases?.length
      ? (s.tab === null ? s.edges : (s.network?.edges ?? [])).map((e) => `${e.source} ${e.target}`).join("\n")
      : "",
  );
  return useMemo(
    () =>
      (key ? key.split("\n") : []).map((line): LinkEdge => {
        const [source = "", target = ""] = line.split(" ");
        return { id: line, type: "link", source, target };
      }),
    [key],
  );
}

export function NetworkViews() {
  const { t } = useTranslation();
  const phases = useGraphStore((s) => s.training?.phases ?? NO_PHASES);
  const onNetwork = useGraphStore((s) => s.tab === null);
  const nodes = useNodeBrief();
  const edges = useWiring();
  const chosen = usePhaseView((s) => s.view);
  const phase = phases.find((p) => p.name === chosen) ?? null;
  const view = phase ? phase.name : null;
  const lit = useMemo(
    () => (phase && onNetwork ? networkNodes(phase, nodes) : null),
    [phase, nodes, onNetwork],
  );
  const grad = useMemo(
    () => (phase && onNetwork ? gradientNodes(phase, nodes, edges) : null),
    [phase, nodes, edges, onNetwork],
  );
  useEffect(() => usePhaseView.getState().setLit(lit, grad), [lit, grad]);
  useEffect(() => () => usePhaseView.getState().setLit(null), []);
  if (phases.length === 0 || !onNetwork) return null;
  const pick = (name: string | null) => usePhaseView.getState().setView(name);
  return (
    <nav className="network-views" data-testid="network-views" aria-label={t("phaseEditor.views")}>
      <span className="network-views-label">{t("phaseEditor.views")}</span>
      <button
        type="button"
        data-testid="network-view-all"
        aria-pressed={view === null}
        className={view === null ? "active" : undefined}
        onClick={() => pick(null)}
      >
        {t("phaseEditor.all")}
      </button>
      {phases.map((p, i) => (
        <button
          // biome-ignore lint/suspicious/noArrayIndexKey: names may repeat until validation says so
          key={i}
          type="button"
          data-testid={`network-view-${p.name}`}
          aria-pressed={view === p.name}
          className={view === p.name ? "active" : undefined}
          title={t("phaseEditor.viewHint")}
          onClick={() => pick(p.name)}
        >
          {p.name}
        </button>
      ))}
      {view !== null && (
        <span className="network-views-legend" data-testid="network-views-legend">
          <span>
            <span className="swatch swatch-lit" />
            {t("phaseEditor.legendLit")}
          </span>
          <span title={t("phaseEditor.gradHint")} data-testid="network-legend-grad">
            <span className="swatch swatch-grad" />
            {t("phaseEditor.legendGrad")}
          </span>
          <span>
            <span className="swatch swatch-dim" />
            {t("phaseEditor.legendDim")}
          </span>
        </span>
      )}
      <button
        type="button"
        className="network-views-edit"
        data-testid="network-views-edit"
        onClick={() => usePhaseView.getState().setEditorOpen(true)}
      >
        {t("phaseEditor.edit")}
      </button>
    </nav>
  );
}
