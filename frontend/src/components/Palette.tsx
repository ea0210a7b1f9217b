/**
 * The layer palette, generated from the catalogue: grouped by category, searchable (best
 * matches first, `paletteGroups`), draggable.
 * On a unit's tab it offers UnitInput/UnitOutput and no inputs or losses (a unit holds none);
 * the "Units" group lists the document's units, each dropped as a `Unit` node using it.
 */
import { type DragEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { LayerInfo } from "../api/types";
import { useAddLayer } from "../hooks/useAddLayer";
import { useLang } from "../hooks/useLang";
import { useCatalogueStore } from "../store/catalogueStore";
import { useGraphStore } from "../store/graphStore";
import { LAYER_MIME } from "./Canvas";
import { paletteGroups } from "./paletteGroups";
import { UnitsGroup } from "./UnitsGroup";

/** Whether a layer belongs in the palette of the network's tab (false) or a unit's (true). */
export function offered(layer: LayerInfo, inUnit: boolean): boolean {
  if (layer.category === "unit") return inUnit && layer.type !== "Unit";
  return !inUnit || (layer.role !== "input" && layer.category !== "loss");
}

function onDragStart(event: DragEvent, type: string) {
  event.dataTransfer.setData(LAYER_MIME, type);
  event.dataTransfer.setData("text/plain", type);
  event.dataTransfer.effectAllowed = "copy";
}

export function Palette() {
  const { t } = useTranslation();
  const lang = useLang();
  const catalogue = useCatalogueStore((s) => s.catalogue);
  const error = useCatalogueStore((s) => s.error);
  const addLayer = useAddLayer();
  const [query, setQuery] = useState("");
  const inUnit = useGraphStore((s) => s.tab !== null);

  const groups = useMemo(
    () => (catalogue ? paletteGroups(catalogue, query, (l) => offered(l, inUnit)) : []),
    [catalogue, query, inUnit],
  );

  return (
    <section className="palette" data-testid="palette">
      <h2 className="panel-title">{t("layers")}</h2>
      <input
        className="palette-search"
        data-testid="palette-search"
        type="search"
        placeholder={t("search")}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {error && <p className="panel-error">{t("loadFailed", { error })}</p>}
      <div className="palette-list">
        <UnitsGroup query={query} />
        {groups.map(({ category, layers }) => (
          <div key={category.id} className="palette-group">
            <h3 className={`palette-category cat-${category.id}`}>{category.title[lang]}</h3>
            {layers.map((layer) => (
              // biome-ignore lint/a11y/useSemanticElements: a draggable item, and Firefox does not drag buttons
              <div
                key={layer.type}
                className={`palette-item cat-${layer.category}`}
                data-testid={`palette-item-${layer.type}`}
                role="button"
                tabIndex={0}
                draggable
                onKeyDown={(e) => e.key === "Enter" && addLayer(layer.type)}
                onDragStart={(e) => onDragStart(e, layer.type)}
                onDoubleClick={() => addLayer(layer.type)}
                title={layer.help[lang]}
              >
                <span className="palette-item-title">{layer.title[lang]}</span>
                <span className="palette-item-type">{layer.type}</span>
              </div>
            ))}
          </div>
        ))}
        {catalogue && groups.length === 0 && <p className="panel-note">{t("noMatch")}</p>}
      </div>
    </section>
  );
}
