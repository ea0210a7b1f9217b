/** The palette's "Units" group: the document's units, each dragged or double-clicked in as a use. */
import type { DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { UNIT_TYPE, unitsUsing } from "../graph/units";
import { useAddLayer } from "../hooks/useAddLayer";
import { useGraphStore } from "../store/graphStore";
import { UNIT_MIME } from "./Canvas";

function onDragStart(event: DragEvent, name: string) {
  event.dataTransfer.setData(UNIT_MIME, name);
  event.dataTransfer.effectAllowed = "copy";
}

export function UnitsGroup({ query }: { query: string }) {
  const { t } = useTranslation();
  const addLayer = useAddLayer();
  const tab = useGraphStore((s) => s.tab);
  // Neither the unit shown nor a unit that uses it (directly or not) is offered: a cycle.
  const units = useGraphStore((s) => {
    const users = s.tab === null ? new Set<string>() : unitsUsing(s.units, s.tab);
    return s.units
      .filter((u) => u.name !== s.tab && !users.has(u.name))
      .map((u) => `${u.name}\t${u.description ?? ""}`)
      .join("\n");
  });
  const q = query.trim().toLowerCase();
  const shown = (units ? units.split("\n") : [])
    .map((line) => line.split("\t") as [string, string])
    .filter(([name]) => !q || name.toLowerCase().includes(q) || "unit".includes(q));
  if (shown.length === 0) return null;
  const add = (name: string) => addLayer(UNIT_TYPE, undefined, { unit: name });
  return (
    <div className="palette-group" data-testid="palette-units" data-tab={tab ?? ""}>
      <h3 className="palette-category cat-unit">{t("units.group")}</h3>
      {shown.map(([name, description]) => (
        // biome-ignore lint/a11y/useSemanticElements: a draggable item, and Firefox does not drag buttons
        <div
          key={name}
          className="palette-item cat-unit"
          data-testid={`palette-unit-${name}`}
          role="button"
          tabIndex={0}
          draggable
          onKeyDown={(e) => e.key === "Enter" && add(name)}
          onDragStart={(e) => onDragStart(e, name)}
          onDoubleClick={() => add(name)}
          title={description || t("units.useHint")}
        >
          <span className="palette-item-title">{name}</span>
          <span className="palette-item-type">{UNIT_TYPE}</span>
        </div>
      ))}
    </div>
  );
}
