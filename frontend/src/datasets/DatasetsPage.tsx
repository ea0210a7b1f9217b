/** The datasets page: built-in sets and the user's uploads, a preview of the one selected, uploads. */
import "./datasets.css";
import type { TFunction } from "i18next";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { classApi } from "../api/classroom";
import { ApiError } from "../api/client";
import { type DatasetEntry, datasetsApi, entries } from "../api/datasets";
import type { DatasetList, DatasetPreview, UploadedDataset } from "../api/models";
import { useAuthStore } from "../auth/authStore";
import { useLang } from "../hooks/useLang";
import { ask } from "../store/confirmStore";
import { formatBytes, formatShape } from "./format";
import { Preview, splitName } from "./Preview";
import { UploadPanel } from "./UploadPanel";

type PreviewState =
  | { key: string; status: "loading" }
  | { key: string; status: "ready"; preview: DatasetPreview }
  | { key: string; status: "error"; message: string };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function DatasetsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [list, setList] = useState<DatasetList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewState | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setList(await datasetsApi.list());
      setLoadError(null);
    } catch (error) {
      setLoadError(message(error));
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    if (selected === null) {
      setPreview(null);
      return;
    }
    const controller = new AbortController();
    setPreview({ key: selected, status: "loading" });
    datasetsApi.preview(selected, controller.signal).then(
      (found) => setPreview({ key: selected, status: "ready", preview: found }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setPreview({ key: selected, status: "error", message: message(error) });
      },
    );
    return () => controller.abort();
  }, [selected]);

  const rows = useMemo(() => (list ? entries(list, lang) : []), [list, lang]);
  const uploads = rows.filter((row) => row.upload);
  const builtin = rows.filter((row) => !row.upload);
  const current = rows.find((row) => row.key === selected) ?? null;

  const onUploaded = (dataset: UploadedDataset) => {
    setSelected(String(dataset.id));
    void reload();
  };

  const remove = async (entry: DatasetEntry) => {
    if (!entry.upload) return;
    const question = t("datasetsPage.deleteConfirm", { name: entry.title });
    if (!(await ask(question, t("datasetsPage.delete"), { destructive: true }))) return;
    try {
      await datasetsApi.remove(entry.upload.id);
      setActionError(null);
      if (selected === entry.key) setSelected(null);
    } catch (error) {
      // a 404 means it is gone already: the list is brought up to date either way
      if (!(error instanceof ApiError && error.status === 404)) {
        setActionError(t("datasetsPage.deleteFailed", { message: message(error) }));
      }
    }
    await reload();
  };

  const item = (entry: DatasetEntry) => (
    <DatasetItem
      key={entry.key}
      entry={entry}
      active={entry.key === selected}
      onSelect={() => setSelected(entry.key)}
      onDelete={() => void remove(entry)}
    />
  );

  return (
    <div className="datasets-page" data-testid="datasets-page">
      <aside className="ds-side">
        <h1 className="ds-title">{t("datasetsPage.title")}</h1>
        <UploadPanel onUploaded={onUploaded} />
        {loadError && <p className="panel-error">{t("datasetsPage.loadFailed", { message: loadError })}</p>}
        {actionError && (
          <p className="panel-error" role="alert">
            {actionError}
          </p>
        )}
        <h2 className="panel-title">{t("datasetsPage.uploads")}</h2>
        {list === null && !loadError ? (
          <p className="panel-note">{t("datasetsPage.loading")}</p>
        ) : uploads.length ? (
          <ul className="ds-list" data-testid="dataset-uploads">
            {uploads.map(item)}
          </ul>
        ) : (
          <p className="panel-note">{t("datasetsPage.noUploads")}</p>
        )}
        <h2 className="panel-title">{t("datasetsPage.builtin")}</h2>
        <ul className="ds-list" data-testid="dataset-builtin">
          {builtin.map(item)}
        </ul>
      </aside>
      <main className="ds-main" data-testid="dataset-detail" data-key={selected ?? ""}>
        {current ? (
          <>
            <header className="ds-head">
              <h2>{current.title}</h2>
              <p className="ds-muted">{current.description}</p>
              <Facts entry={current} />
            </header>
            {preview?.key === current.key && preview.status === "loading" && (
              <p className="panel-note" data-testid="preview-loading">
                {t("datasetsPage.previewLoading")}
              </p>
            )}
            {preview?.key === current.key && preview.status === "error" && (
              <p className="panel-error" data-testid="preview-error">
                {t("datasetsPage.previewFailed", { message: preview.message })}
              </p>
            )}
            {preview?.key === current.key && preview.status === "ready" && (
              <Preview preview={preview.preview} />
            )}
          </>
        ) : (
          <p className="ds-empty">{t("datasetsPage.selectOne")}</p>
        )}
      </main>
    </div>
  );
}

/** What a set is for: its task, or anomaly detection for an anomaly set (a classification set
 * by its labels, but one an autoencoder trains on, on its normal rows alone). */
function taskName(t: TFunction, entry: DatasetEntry, long = false): string {
  if (entry.normalClass !== null) return t(long ? "anomalySets.taskLong" : "anomalySets.task");
  const task = entry.task;
  return ["classification", "regression", "autoencoder"].includes(task)
    ? t(`datasetsPage.tasks.${task}`)
    : task;
}

/** The classes, as a count; an anomaly set's as which part holds which. */
function classesText(t: TFunction, entry: DatasetEntry): string {
  const normal = entry.normalClass;
  if (normal === null) return t("datasetsPage.classCount", { count: entry.classNames.length });
  const others = entry.classNames.filter((name) => name !== normal).join(", ");
  return t("anomalySets.classes", { normal, others });
}

function Facts({ entry }: { entry: DatasetEntry }) {
  const { t } = useTranslation();
  const classes = entry.classNames.length;
  return (
    <dl className="ds-facts">
      <div>
        <dt>{t("datasetsPage.task")}</dt>
        <dd data-testid="dataset-task">{taskName(t, entry, true)}</dd>
      </div>
      <div>
        <dt>{t("datasetsPage.sampleShape")}</dt>
        <dd data-testid="dataset-shape">{formatShape(entry.sampleShape)}</dd>
      </div>
      {classes > 0 && (
        <div>
          <dt>{t("datasetsPage.classes")}</dt>
          <dd data-testid="dataset-classes" title={entry.classNames.join(", ")}>
            {classesText(t, entry)}
          </dd>
        </div>
      )}
      {Object.entries(entry.moreInputs).map(([name, shape]) => (
        <div key={name} data-testid="dataset-input" data-name={name}>
          <dt>{t("datasetsPage.inputVariable", { name })}</dt>
          <dd>{formatShape(shape)}</dd>
        </div>
      ))}
      {Object.entries(entry.moreTargets).map(([name, names]) => (
        <div key={name} data-testid="dataset-target" data-name={name}>
          <dt>{t("datasetsPage.targetVariable", { name })}</dt>
          <dd title={names.join(", ")}>{names.join(", ")}</dd>
        </div>
      ))}
      <div>
        <dt>{t("datasetsPage.samples")}</dt>
        <dd data-testid="dataset-samples">
          {entry.sizes
            ? Object.entries(entry.sizes)
                .map(([split, n]) => `${n.toLocaleString()} ${splitName(t, split)}`)
                .join(" + ")
            : entry.samples.toLocaleString()}
        </dd>
      </div>
      {entry.upload && (
        <div>
          <dt>{t("datasetsPage.fileSize")}</dt>
          <dd>{formatBytes(entry.upload.size)}</dd>
        </div>
      )}
    </dl>
  );
}

function DatasetItem({
  entry,
  active,
  onSelect,
  onDelete,
}: {
  entry: DatasetEntry;
  active: boolean;
  onSelect: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const classes = entry.classNames.length;
  const role = useAuthStore((s) => s.user?.role);
  const [published, setPublished] = useState<"no" | "busy" | "yes" | "failed">("no");
  const publish = async (id: number) => {
    setPublished("busy");
    try {
      await classApi.publish({ title: entry.title, dataset: String(id) });
      setPublished("yes");
    } catch {
      setPublished("failed");
    }
  };
  return (
    <li
      className={`ds-item${active ? " active" : ""}`}
      data-testid={`dataset-${entry.key}`}
      data-selected={active ? "true" : "false"}
      data-task={entry.task}
    >
      <button type="button" className="ds-item-main" aria-pressed={active} onClick={onSelect}>
        <span className="ds-item-title">{entry.title}</span>
        <span className="ds-item-meta">
          <span data-testid="dataset-item-task">{taskName(t, entry)}</span>
          <span>{formatShape(entry.sampleShape)}</span>
          {classes > 0 && entry.normalClass === null && (
            <span>{t("datasetsPage.classCount", { count: classes })}</span>
          )}
          <span>{t("datasetsPage.sampleCount", { count: entry.samples })}</span>
          {entry.upload && <span>{formatBytes(entry.upload.size)}</span>}
          {entry.download && <span className="ds-download">{t("datasetsPage.download")}</span>}
        </span>
      </button>
      {entry.upload && (role === "teacher" || role === "admin") && (
        <button
          type="button"
          className="icon"
          data-testid={`dataset-publish-${entry.upload.id}`}
          data-state={published}
          title={t(`datasetsPage.publish_${published}`)}
          aria-label={t(`datasetsPage.publish_${published}`)}
          disabled={published === "busy" || published === "yes"}
          onClick={() => entry.upload && void publish(entry.upload.id)}
        >
          {published === "yes" ? "✓" : "⇪"}
        </button>
      )}
      {entry.upload && (
        <button
          type="button"
          className="icon danger"
          data-testid={`dataset-delete-${entry.upload.id}`}
          title={t("datasetsPage.delete")}
          aria-label={t("datasetsPage.delete")}
          onClick={onDelete}
        >
          ✕
        </button>
      )}
    </li>
  );
}
