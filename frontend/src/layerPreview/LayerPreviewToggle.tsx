/**
 * The toolbar's "Layer previews": on or off for the open document, the weights they use
 * (seeded random, or one of this network's finished jobs), how the last request went, and
 * the answer as JSON. Mounted once with the toolbar, it also drives the requests.
 */
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { datasetsApi } from "../api/datasets";
import { type Job, jobsApi } from "../api/jobs";
import type { DatasetList } from "../api/models";
import { download } from "../components/download";
import { currentGraph } from "../store/document";
import { useGraphStore } from "../store/graphStore";
import { useSessionStore } from "../store/sessionStore";
import { datasetLabel } from "../training/datasetLabel";
import { useLaunchPreset } from "../training/useLaunchPreset";
import { finishedJobs, pickDataset, unitNote } from "./data";
import { keepPreviews, recallPreviews, useLayerPreviewStore } from "./store";
import { useLayerPreview } from "./useLayerPreview";

/** The on/off and weights of the open document, recalled when another one opens. */
function useRemembered(key: string): void {
  const on = useLayerPreviewStore((s) => s.on);
  const job = useLayerPreviewStore((s) => s.job);
  useEffect(() => useLayerPreviewStore.getState().set(recallPreviews(key)), [key]);
  useEffect(() => keepPreviews(key, { on, job }), [key, on, job]);
}

export function LayerPreviewToggle() {
  const { t } = useTranslation();
  const networkId = useSessionStore((s) => s.networkId);
  const preset = useLaunchPreset();
  useRemembered(`${networkId}|${preset ? JSON.stringify(preset) : ""}`);
  const { on, job, pending, error, answer, set } = useLayerPreviewStore();
  const [datasets, setDatasets] = useState<DatasetList | null>(null);
  const [jobs, setJobs] = useState<Job[]>([]);
  useEffect(() => {
    if (!on) return;
    datasetsApi.list().then(setDatasets, () => setDatasets(null));
    jobsApi.list().then(setJobs, () => setJobs([]));
  }, [on]);
  const name = currentGraph().name ?? "";
  const choices = useMemo(() => finishedJobs(jobs, networkId, name), [jobs, networkId, name]);
  const trained = choices.find((j) => j.id === job);
  const dataset = useMemo(
    () =>
      on ? pickDataset(trained?.dataset ?? preset?.dataset, currentGraph(), datasets?.builtin ?? []) : null,
    [on, trained, preset, datasets],
  );
  useLayerPreview(dataset);
  const missing = dataset === null && datasets !== null;
  const tab = useGraphStore((s) => s.tab);
  const unit = unitNote(answer, tab);
  const note =
    unit?.key === "unitUse"
      ? t("layerPreview.unitUse", { use: unit.use })
      : unit?.key === "unitNoUse"
        ? t("layerPreview.unitNoUse")
        : "";
  // the whole line is also the tooltip, should the toolbar be too narrow for it
  const status = missing
    ? t("layerPreview.noDataset")
    : error
      ? t("layerPreview.failed")
      : pending
        ? "…"
        : answer
          ? [t("layerPreview.sample", { dataset: answer.dataset, index: answer.index }), note]
              .filter(Boolean)
              .join(" · ")
          : "";

  return (
    <div className="toolbar-group layer-preview-toggle">
      <label title={t("layerPreview.help")}>
        <input
          type="checkbox"
          data-testid="layer-preview-toggle"
          checked={on}
          onChange={(e) => set({ on: e.target.checked })}
        />
        {t("layerPreview.toggle")}
      </label>
      {on && (
        <>
          <select
            data-testid="layer-preview-weights"
            aria-label={t("layerPreview.weights")}
            value={job ?? ""}
            onChange={(e) => set({ job: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t("layerPreview.random")}</option>
            {choices.map((j) => (
              <option key={j.id} value={j.id}>
                {t("layerPreview.job", { id: j.id, dataset: datasetLabel(j, t("training.jobs.upload")) })}
              </option>
            ))}
          </select>
          <span
            className="layer-preview-status"
            data-testid="layer-preview-status"
            data-row={answer?.row ?? undefined}
            title={error ?? ([status, answer?.rows?.message].filter(Boolean).join(" — ") || undefined)}
          >
            {status}
          </span>
          {answer && (
            <button
              type="button"
              data-testid="layer-preview-download"
              onClick={() =>
                download("layer-previews.json", JSON.stringify(answer, null, 1), "application/json")
              }
            >
              {t("layerPreview.download")}
            </button>
          )}
        </>
      )}
    </div>
  );
}
