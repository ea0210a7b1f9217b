/** Upload a zip by dropping it or choosing it; progress while it goes up, every problem if refused. */
import { type DragEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { type TestSet, UploadError, type UploadFailure, uploadDataset } from "../api/datasets";
import type { UploadedDataset } from "../api/models";
import { formatBytes } from "./format";
import { NO_SERIES, SeriesFields } from "./SeriesFields";
import { TestSetField } from "./TestSetField";

type Phase = "idle" | "sending" | "checking" | "done" | "failed";

export function UploadPanel({ onUploaded }: { onUploaded: (dataset: UploadedDataset) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [phase, setPhase] = useState<Phase>("idle");
  const [progress, setProgress] = useState(0);
  const [file, setFile] = useState<{ name: string; size: number } | null>(null);
  const [failure, setFailure] = useState<UploadFailure | null>(null);
  const [over, setOver] = useState(false);
  const [done, setDone] = useState<UploadedDataset | null>(null);
  const [isSeries, setIsSeries] = useState(false);
  const [series, setSeries] = useState(NO_SERIES);
  const [test, setTest] = useState<TestSet>(null);
  const busy = phase === "sending" || phase === "checking";

  const send = (chosen: File) => {
    if (busy) return;
    setFile({ name: chosen.name, size: chosen.size });
    setFailure(null);
    setDone(null);
    setProgress(0);
    setPhase("sending");
    const handle = uploadDataset(
      chosen,
      name,
      (fraction) => {
        setProgress(fraction);
        if (fraction >= 1) setPhase("checking");
      },
      isSeries ? null : test, // a series is split in time order: no test set
      isSeries ? series : undefined,
    );
    handle.done.then(
      (dataset) => {
        setPhase("done");
        setProgress(1);
        setDone(dataset);
        setName("");
        setTest(null);
        onUploaded(dataset);
      },
      (error: unknown) => {
        setPhase("failed");
        setFailure(
          error instanceof UploadError
            ? error.failure
            : { status: 0, message: error instanceof Error ? error.message : String(error), problems: [] },
        );
      },
    );
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const chosen = event.dataTransfer.files[0];
    if (chosen) send(chosen);
  };

  return (
    <section className="ds-upload" data-testid="upload">
      <h2 className="panel-title">{t("datasetsPage.upload")}</h2>
      <label className="ds-field">
        <span>{t("datasetsPage.nameLabel")}</span>
        <input
          data-testid="upload-name"
          value={name}
          maxLength={200}
          placeholder={t("datasetsPage.namePlaceholder")}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <SeriesFields on={isSeries} fields={series} onToggle={setIsSeries} onChange={setSeries} />
      {!isSeries && <TestSetField value={test} onChange={setTest} disabled={busy} />}
      <label
        className={`ds-drop${over ? " over" : ""}${busy ? " busy" : ""}`}
        data-testid="upload-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <span>{t("datasetsPage.drop")}</span> <span className="ds-link">{t("datasetsPage.choose")}</span>
        <input
          type="file"
          accept={
            isSeries
              ? ".csv,.zip,text/csv,application/zip"
              : ".zip,.csv,application/zip,application/x-zip-compressed,text/csv"
          }
          data-testid="upload-input"
          className="ds-file"
          disabled={busy}
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            e.target.value = "";
            if (chosen) send(chosen);
          }}
        />
      </label>
      {phase !== "idle" && file && (
        <div className="ds-status" data-testid="upload-status" data-phase={phase}>
          <div className="ds-status-file">
            {file.name} <span className="ds-muted">{formatBytes(file.size)}</span>
          </div>
          <progress data-testid="upload-progress" value={progress} max={1} />
          {phase === "sending" && <div className="ds-muted">{t("datasetsPage.uploading")}</div>}
          {phase === "checking" && <div className="ds-muted">{t("datasetsPage.checking")}</div>}
          {phase === "done" && done && (
            // A name already used gets " (2)" (`renamed_from`): say so, or the list seems to hold two alike.
            <div
              className="ds-ok"
              data-testid="upload-done"
              data-renamed={done.renamed_from ? "true" : "false"}
            >
              {done.renamed_from
                ? t("datasetsPage.uploadedRenamed", { name: done.name, wanted: done.renamed_from })
                : t("datasetsPage.uploaded", { name: done.name })}
            </div>
          )}
        </div>
      )}
      {failure && <Failure failure={failure} />}
      <details className="ds-help" data-testid="upload-help">
        <summary>{t("datasetsPage.helpTitle")}</summary>
        <ul>
          <li>{t("datasetsPage.help1")}</li>
          <li>{t("datasetsPage.help2")}</li>
          <li>{t("datasetsPage.help3")}</li>
          <li>{t("datasetsPage.help4")}</li>
          <li data-testid="upload-help-variables">{t("datasetsPage.help5")}</li>
          <li>{t("datasetsPage.help6")}</li>
        </ul>
        <pre className="ds-example">{"x:image,y:label\nimages/0001.png,0\nimages/0002.png,1"}</pre>
      </details>
    </section>
  );
}

function Failure({ failure }: { failure: UploadFailure }) {
  const { t } = useTranslation();
  const message =
    failure.status === 413
      ? t("datasetsPage.tooLarge", { message: failure.message })
      : failure.status === 422
        ? failure.problems.length > 0
          ? t("datasetsPage.refusedList", { count: failure.problems.length })
          : t("datasetsPage.refused", { message: failure.message })
        : t("datasetsPage.failed", { message: failure.message });
  return (
    <div className="ds-failure" role="alert" data-testid="upload-error" data-status={failure.status}>
      <p>{message}</p>
      {failure.problems.length > 0 && (
        <ul data-testid="upload-problems">
          {failure.problems.map((problem, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems may repeat; their order is the key
            <li key={i}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
