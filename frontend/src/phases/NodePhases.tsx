/**
 * In the properties panel, the training phases that list the selected node among their losses or
 * updates: by its id or its `shared_as` name on the network canvas, or, for a node inside a unit,
 * through the uses of that unit (or of a unit that uses it). A phase's name opens the phase
 * editor on the network canvas. Nothing shows for a graph without phases.
 */
import { useTranslation } from "react-i18next";
import { type Phase, phaseNames, phasesListing, unitUseNames } from "../graph/phases";
import type { LayerNode } from "../graph/types";
import { unitsUsing } from "../graph/units";
import { useGraphStore } from "../store/graphStore";
import { liveUnits, networkSheet, openTab } from "../store/units";
import { usePhaseView } from "./phaseViewStore";

const NO_PHASES: Phase[] = [];

/** Show the network canvas and the phase editor, with phase `name`'s card in view. */
function editPhase(name: string): void {
  openTab(null);
  usePhaseView.getState().setEditorOpen(true);
  requestAnimationFrame(() =>
    document.querySelector(`[data-testid="phase-${CSS.escape(name)}"]`)?.scrollIntoView({ block: "nearest" }),
  );
}

export function NodePhases({ node }: { node: LayerNode }) {
  const { t } = useTranslation();
  const phases = useGraphStore((s) => s.training?.phases ?? NO_PHASES);
  // the names the phases may list it by, as one string so an unrelated edit redraws nothing
  const names = useGraphStore((s) =>
    (s.tab === null
      ? phaseNames(node)
      : unitUseNames(s.tab, unitsUsing(liveUnits(s), s.tab), networkSheet(s).nodes)
    ).join("\n"),
  );
  if (phases.length === 0) return null;
  const listed = phasesListing(phases, names.split("\n"));
  return (
    <div className="node-phases" data-testid="node-phases" title={t("phaseEditor.nodePhasesHint")}>
      <span className="node-phases-label">{t("phaseEditor.nodePhases")}</span>{" "}
      {listed.length === 0 && <span className="muted">{t("phaseEditor.nodePhasesNone")}</span>}
      {listed.map((name, i) => (
        <span key={name}>
          {i > 0 && ", "}
          <button
            type="button"
            className="link-button"
            data-testid={`node-phase-${name}`}
            onClick={() => editPhase(name)}
          >
            {name}
          </button>
        </span>
      ))}
    </div>
  );
}
