/** Loss, accuracy and learning-rate curves, with a log toggle, an overlay job and CSV export. */

import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Job, jobsApi, type StepPoint } from "../api/jobs";
import { download } from "../components/download";
import { useLang } from "../hooks/useLang";
import { Chart, type Line } from "./Chart";
import { aligned, type EpochRow, epochsFromRows, phaseKeys, presentKeys, stepRows, toCsv } from "./curves";
import { datasetLabel } from "./datasetLabel";
import { headColour, headKeys } from "./headCurves";
import { LogToggle } from "./LogToggle";
import { metricName } from "./metricNames";

const COLORS: Record<string, string> = {
  train_loss: "#4f46e5",
  val_loss: "#dc2626",
  train_accuracy: "#4f46e5",
  val_accuracy: "#dc2626",
  val_mae: "#059669",
  lr: "#d97706",
  train_loss_steps: "#a5b4fc",
  train_accuracy_steps: "#a5b4fc",
};

const NO_STEPS: StepPoint[] = [];

/** Per-phase curves (several networks trained in phases): a colour per key, in order. */
const PHASE_COLORS = ["#4f46e5", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2"];
const PHASE_METRICS = ["train_loss", "train_accuracy"];

/** `steps`: the per-step curve's points, drawn thin under the epoch points.
 * `overlay`: offer the user's own jobs to draw over these curves (off where the job is another's). */
export function Curves({
  jobId,
  rows,
  steps = NO_STEPS,
  overlay: offerOverlay = true,
  kept = null,
}: {
  jobId: number;
  rows: EpochRow[];
  steps?: StepPoint[];
  overlay?: boolean;
  /** The epoch whose weights the run kept (keep-best), marked on the loss curve. */
  kept?: number | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [log, setLog] = useState(false);
  const [others, setOthers] = useState<Job[]>([]);
  const [overlayId, setOverlayId] = useState<number | null>(null);
  const [overlay, setOverlay] = useState<EpochRow[]>([]);
  const overlayLabel = (j: Job | undefined) =>
    j
      ? `#${j.id} ${j.network_name} — ${datasetLabel(j, t("training.jobs.upload"))} (${t(`training.jobs.status_${j.status}`)})`
      : t("training.detail.none");

  // biome-ignore lint/correctness/useExhaustiveDependencies: read again in a new language (the datasets' names)
  useEffect(() => {
    if (!offerOverlay) return;
    let live = true;
    jobsApi
      .list()
      .then((jobs) => live && setOthers(jobs.filter((j) => j.id !== jobId)))
      .catch(() => live && setOthers([]));
    return () => {
      live = false;
    };
  }, [jobId, offerOverlay, lang]);
  useEffect(() => {
    if (overlayId === null) {
      setOverlay([]);
      return;
    }
    let live = true;
    jobsApi
      .epochs(overlayId)
      .then((r) => live && setOverlay(epochsFromRows(r)))
      .catch(() => live && setOverlay([]));
    return () => {
      live = false;
    };
  }, [overlayId]);

  const points = useMemo(() => stepRows(steps), [steps]);
  const phased = useMemo(() => phaseKeys(rows, PHASE_METRICS), [rows]);
  // with phases the row's lr is the first phase's (worker/phases.py): a job run before the
  // rows carried each phase's lr says so under its curve
  const firstPhase = phased[0]?.split("/phase:")[1] ?? null;
  /** Today's keys their own colour; a phase's or a head's by its place among its kind. */
  const colorOf = (key: string, keys: readonly string[]): string => {
    const index = phased.indexOf(key);
    if (COLORS[key]) return COLORS[key];
    return index >= 0 ? (PHASE_COLORS[index % PHASE_COLORS.length] as string) : headColour(keys, key);
  };
  // each head's own figures; the phases' are drawn apart
  const heads = (metric: "val_loss" | "val_accuracy") =>
    headKeys(rows, metric).filter((k) => !k.includes("/phase:"));
  const chart = (keys: string[], stepKey?: string) => {
    const mine = presentKeys(rows, keys);
    const theirs = overlayId === null ? [] : presentKeys(overlay, keys);
    const perStep = stepKey ? presentKeys(points, [stepKey]) : [];
    const lines: Line[] = [
      ...mine.map((k) => ({ label: metricName(t, k), color: colorOf(k, mine) })),
      ...theirs.map((k) => ({
        label: `#${overlayId} ${metricName(t, k)}`,
        color: colorOf(k, theirs),
        dash: true,
      })),
      ...perStep.map((k) => ({
        label: t("training.detail.perStep", { key: metricName(t, k.replace(/_steps$/, "")) }),
        color: COLORS[k] ?? "#9ca3af",
        thin: true,
      })),
    ];
    const groups = [{ rows, keys: mine }];
    if (theirs.length) groups.push({ rows: overlay, keys: theirs });
    if (perStep.length) groups.push({ rows: points, keys: perStep });
    return { lines, data: aligned(groups) };
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: chart reads exactly these
  const loss = useMemo(
    () => chart(["train_loss", "val_loss", ...heads("val_loss")], "train_loss_steps"),
    [rows, points, overlay, overlayId, t],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: chart reads exactly these
  const accuracy = useMemo(
    () =>
      chart(["train_accuracy", "val_accuracy", "val_mae", ...heads("val_accuracy")], "train_accuracy_steps"),
    [rows, points, overlay, overlayId, t],
  );
  const lrPhases = useMemo(() => phaseKeys(rows, ["lr"]), [rows]);
  // with phases, each phase's own learning rate (`lr/phase:<name>`) in place of the row's
  // biome-ignore lint/correctness/useExhaustiveDependencies: chart reads exactly these
  const lr = useMemo(
    () => chart(lrPhases.length > 0 ? lrPhases : ["lr"]),
    [rows, overlay, overlayId, lrPhases, t],
  );
  // several networks trained in phases (a GAN): each phase's loss and accuracy
  // biome-ignore lint/correctness/useExhaustiveDependencies: chart reads exactly these
  const phaseLoss = useMemo(() => chart(phaseKeys(rows, ["train_loss"])), [rows, overlay, overlayId, t]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: chart reads exactly these
  const phaseAccuracy = useMemo(
    () => chart(phaseKeys(rows, ["train_accuracy"])),
    [rows, overlay, overlayId, t],
  );

  // a run in phases (a GAN) is read by its phases' curves: they come first
  const phaseCharts = (
    <>
      {phaseLoss.lines.length > 0 && (
        <Chart
          testid="curve-phase-loss"
          title={t("phases.loss")}
          lines={phaseLoss.lines}
          data={phaseLoss.data}
          points={rows.length}
          log={log}
        />
      )}
      {phaseAccuracy.lines.length > 0 && (
        <Chart
          testid="curve-phase-accuracy"
          title={t("phases.accuracy")}
          lines={phaseAccuracy.lines}
          data={phaseAccuracy.data}
          points={rows.length}
        />
      )}
    </>
  );

  return (
    <section className="curves">
      <div className="curves-tools">
        <LogToggle testid="loss-log" log={log} onChange={setLog} />
        {offerOverlay && (
          <label>
            {t("training.detail.overlay")}{" "}
            <select
              className="overlay-select"
              data-testid="overlay-select"
              value={overlayId ?? ""}
              // capped in width (the job's number comes first, so it stays in view): the whole
              // name of the job chosen is its title
              title={overlayLabel(others.find((j) => j.id === overlayId))}
              onChange={(e) => setOverlayId(e.target.value ? Number(e.target.value) : null)}
            >
              <option value="">{t("training.detail.none")}</option>
              {others.map((j) => (
                <option key={j.id} value={j.id} title={overlayLabel(j)}>
                  {overlayLabel(j)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          data-testid="export-csv"
          disabled={rows.length === 0}
          onClick={() => download(`job${jobId}-epochs.csv`, toCsv(rows), "text/csv")}
        >
          {t("training.detail.csv")}
        </button>
      </div>
      <div className="curve-grid">
        {phaseCharts}
        <Chart
          testid="curve-loss"
          title={t("training.detail.loss")}
          lines={loss.lines}
          data={loss.data}
          points={rows.length}
          stepPoints={points.length}
          stepEnd={points.at(-1)?.epoch}
          log={log}
          mark={kept === null ? undefined : { x: kept, label: t("training.detail.kept", { epoch: kept }) }}
        />
        {(rows.length === 0 || accuracy.lines.length > 0) && (
          <Chart
            testid="curve-accuracy"
            title={
              presentKeys(rows, ["train_accuracy", "val_accuracy"]).length === 0 &&
              presentKeys(rows, ["val_mae"]).length > 0
                ? t("training.detail.mae")
                : t("training.detail.accuracy")
            }
            lines={accuracy.lines}
            data={accuracy.data}
            points={rows.length}
          />
        )}
        <Chart
          testid="curve-lr"
          title={lrPhases.length > 0 ? t("phaseEditor.lrPerPhase") : t("training.detail.lr")}
          lines={lr.lines}
          data={lr.data}
          points={rows.length}
        />
        {firstPhase && lrPhases.length === 0 && (
          <p className="hint" data-testid="curve-lr-phases">
            {t("phaseEditor.lrNote", { phase: firstPhase })}
          </p>
        )}
      </div>
    </section>
  );
}
