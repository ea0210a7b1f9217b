/** "Run on a dataset": run a trained job over a built-in or uploaded dataset, follow it, download the CSV. */
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import { datasetsApi, UploadError, uploadDataset } from "../api/datasets";
import { type InferenceRun, inferenceApi, inferenceCsvUrl, inferenceGoing } from "../api/inference";
import type { DatasetList } from "../api/models";
import { FileInput } from "../components/FileInput";
import { useLang } from "../hooks/useLang";

const POLL_MS = 1000;

function RunRow({ jobId, run }: { jobId: number; run: InferenceRun }) {
  const { t } = useTranslation();
  const total = run.total ?? 0;
  return (
    <li data-testid="inference-run" data-status={run.status} data-run={run.id}>
      <span className="muted">{run.dataset}</span>{" "}
      <span className={`status status-${run.status}`}>{t(`inference.status_${run.status}`)}</span>{" "}
      {run.total != null && (
        <span className="muted" data-testid="inference-rows">
          {t("inference.rows", { rows: (run.rows ?? 0).toLocaleString(), total: total.toLocaleString() })}
          {run.limited && ` ${t("inference.limited", { total: total.toLocaleString() })}`}
        </span>
      )}{" "}
      {run.status === "succeeded" && (
        <a href={inferenceCsvUrl(jobId, run.id)} download data-testid="inference-download">
          {t("inference.download")}
        </a>
      )}
      {run.error && <div className="launch-error">{run.error}</div>}
    </li>
  );
}

export function InferencePanel({ jobId }: { jobId: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [datasets, setDatasets] = useState<DatasetList | null>(null);
  const [dataset, setDataset] = useState("");
  const [runs, setRuns] = useState<InferenceRun[]>([]);
  const [busy, setBusy] = useState<string | null>(null); // what is happening now, to show
  const [error, setError] = useState<string | null>(null);

  const readRuns = useCallback(() => inferenceApi.list(jobId).then(setRuns), [jobId]);
  useEffect(() => {
    datasetsApi.list().then(setDatasets, () => undefined);
    readRuns().catch(() => undefined);
  }, [readRuns]);
  const going = runs.some(inferenceGoing);
  useEffect(() => {
    if (!going) return;
    const timer = setInterval(() => readRuns().catch(() => undefined), POLL_MS);
    return () => clearInterval(timer);
  }, [going, readRuns]);

  const upload = async (file: File) => {
    setError(null);
    setBusy(t("inference.uploading", { name: file.name }));
    try {
      const added = await uploadDataset(file, "", () => undefined).done;
      setDatasets(await datasetsApi.list());
      setDataset(String(added.id));
    } catch (e) {
      const message = e instanceof UploadError ? e.failure.problems.join("; ") || e.message : String(e);
      setError(t("inference.uploadFailed", { message }));
    } finally {
      setBusy(null);
    }
  };
  const start = async () => {
    setError(null);
    setBusy(t("inference.starting"));
    try {
      await inferenceApi.start(jobId, dataset);
      await readRuns();
    } catch (e) {
      setError(t("inference.failed", { message: e instanceof ApiError ? e.message : String(e) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="inference" data-testid="inference-panel">
      <h2>{t("inference.title")}</h2>
      <p className="muted">{t("inference.help")}</p>
      <label>
        {t("inference.dataset")}{" "}
        <select data-testid="inference-dataset" value={dataset} onChange={(e) => setDataset(e.target.value)}>
          <option value="">—</option>
          {datasets && datasets.uploads.length > 0 && (
            <optgroup label={t("training.launch.uploads")}>
              {datasets.uploads.map((u) => (
                <option key={u.id} value={String(u.id)}>
                  {u.name} (#{u.id})
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label={t("training.launch.builtin")}>
            {datasets?.builtin.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name} — {lang === "ja" ? d.title_ja : d.title} [{d.sample_shape.join(", ")}]
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label>
        {t("inference.upload")}{" "}
        <FileInput
          accept=".zip,application/zip,application/x-zip-compressed"
          data-testid="inference-upload"
          disabled={busy !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) void upload(file);
          }}
        />
      </label>
      <button
        type="button"
        data-testid="inference-start"
        disabled={!dataset || busy !== null || going}
        onClick={() => void start()}
      >
        {t("inference.start")}
      </button>
      {busy && <span className="muted"> {busy}</span>}
      {error && (
        <div className="launch-error" data-testid="inference-error">
          {error}
        </div>
      )}
      <h3>{t("inference.runs")}</h3>
      {runs.length === 0 ? (
        <p className="muted">{t("inference.none")}</p>
      ) : (
        <ul className="inference-runs">
          {runs.map((run) => (
            <RunRow key={run.id} jobId={jobId} run={run} />
          ))}
        </ul>
      )}
    </section>
  );
}
