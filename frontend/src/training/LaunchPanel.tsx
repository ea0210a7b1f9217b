/** The launch panel: dataset, config and transfer learning; starts a job with the graph as shown. */
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type DatasetList, datasetsApi } from "../api/datasets";
import { type Job, jobsApi, type TrainingConfig } from "../api/jobs";
import { useLang } from "../hooks/useLang";
import { useCatalogueStore } from "../store/catalogueStore";
import { currentGraph } from "../store/document";
import { useGraphStore } from "../store/graphStore";
import { go } from "./route";
import { useTrainingStore } from "./trainingStore";

const OPTIMIZERS = ["adam", "adamw", "sgd", "momentum", "nesterov", "rmsprop", "adagrad"] as const;
const SCHEDULES = ["none", "step", "exponential", "cosine", "warmup"] as const;
const DEVICES = ["auto", "cpu", "cuda"] as const;

export const DEFAULT_CONFIG: Required<Omit<TrainingConfig, "init_from">> & { init_from: string | null } = {
  epochs: 10,
  batch_size: 64,
  optimizer: "adam",
  lr: 1e-3,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  rho: 0.99,
  eps: 1e-8,
  weight_decay: 0,
  schedule: "none",
  step_size: 10,
  gamma: 0.1,
  warmup_epochs: 1,
  validation_split: 0.2,
  early_stopping: false,
  patience: 5,
  keep_best: "last",
  seed: 0,
  device: "auto",
  mixed_precision: false,
  init_from: null,
  freeze: [],
};

type Config = typeof DEFAULT_CONFIG;

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** The Input node and the shape it declares (its param or the catalogue default). */
function useInput(): { id: string; shape: number[] } | null {
  const nodes = useGraphStore((s) => s.nodes);
  const byType = useCatalogueStore((s) => s.byType);
  const input = nodes.find((n) => n.data.type === "Input");
  if (!input) return null;
  const shape = input.data.params?.shape ?? byType.get("Input")?.defaults.shape;
  return { id: input.id, shape: Array.isArray(shape) ? shape.map(Number) : [] };
}

export function LaunchPanel() {
  const { t } = useTranslation();
  const lang = useLang();
  const nodes = useGraphStore((s) => s.nodes);
  const input = useInput();
  const [datasets, setDatasets] = useState<DatasetList | null>(null);
  const [jobs, setJobs] = useState<Job[]>([]);
  const [dataset, setDataset] = useState("");
  const [config, setConfig] = useState<Config>(DEFAULT_CONFIG);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    datasetsApi
      .list()
      .then(setDatasets)
      .catch((e: unknown) => setError(String(e instanceof Error ? e.message : e)));
    jobsApi
      .list()
      .then((all) => setJobs(all.filter((j) => j.status === "succeeded")))
      .catch(() => setJobs([]));
  }, []);

  const sampleShape = useMemo(() => {
    if (!datasets || !dataset) return null;
    const builtin = datasets.builtin.find((d) => d.name === dataset);
    if (builtin) return builtin.sample_shape;
    const upload = datasets.uploads.find((u) => String(u.id) === dataset);
    const info = upload?.info as Record<string, unknown> | undefined;
    const shape = info?.sample_shape ?? info?.input_shape;
    return Array.isArray(shape) ? (shape as number[]) : null;
  }, [datasets, dataset]);
  const mismatch =
    input !== null && sampleShape !== null && sampleShape.length > 0 && !sameShape(sampleShape, input.shape);

  const set = <K extends keyof Config>(key: K, value: Config[K]) =>
    setConfig((c) => ({ ...c, [key]: value }));
  const field = (label: string, key: keyof Config, step = "any", testid?: string) => (
    <label>
      {t(`training.launch.${label}`)}
      <input
        type="number"
        step={step}
        data-testid={testid}
        value={String(config[key])}
        onChange={(e) => set(key, Number(e.target.value) as never)}
      />
    </label>
  );

  const fixShape = () => {
    if (input && sampleShape) useGraphStore.getState().setParam(input.id, "shape", [...sampleShape]);
  };

  const start = async () => {
    setError(null);
    setStarting(true);
    try {
      const { init_from, freeze, ...rest } = config;
      const body: TrainingConfig = { ...rest };
      if (init_from) {
        body.init_from = init_from;
        body.freeze = freeze;
      }
      const job = await jobsApi.create(currentGraph(), dataset, body);
      useTrainingStore.getState().setLaunchOpen(false);
      go(`#/jobs/${job.id}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setStarting(false);
    }
  };

  const usesMomentum = ["momentum", "nesterov", "rmsprop"].includes(config.optimizer);
  const usesBetas = config.optimizer === "adam" || config.optimizer === "adamw";
  const weighted = nodes.filter((n) => n.data.type !== "Input");

  return (
    <aside className="launch-panel" data-testid="launch-panel">
      <header>
        <h2>{t("training.launch.title")}</h2>
        <button type="button" onClick={() => useTrainingStore.getState().setLaunchOpen(false)}>
          ✕
        </button>
      </header>
      <label>
        {t("training.launch.dataset")}
        <select data-testid="launch-dataset" value={dataset} onChange={(e) => setDataset(e.target.value)}>
          <option value="">—</option>
          <optgroup label={t("training.launch.builtin")}>
            {datasets?.builtin.map((d) => (
              <option key={d.name} value={d.name} title={lang === "ja" ? d.description_ja : d.description}>
                {d.name} — {lang === "ja" ? d.title_ja : d.title} [{d.sample_shape.join(", ")}]
              </option>
            ))}
          </optgroup>
          {datasets && datasets.uploads.length > 0 && (
            <optgroup label={t("training.launch.uploads")}>
              {datasets.uploads.map((u) => (
                <option key={u.id} value={String(u.id)}>
                  {u.name} (#{u.id})
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      {mismatch && input && sampleShape && (
        <div className="launch-mismatch" data-testid="launch-mismatch">
          {t("training.launch.mismatch", {
            dataset: `[${sampleShape.join(", ")}]`,
            input: `[${input.shape.join(", ")}]`,
          })}
          <button type="button" data-testid="fix-input-shape" onClick={fixShape}>
            {t("training.launch.fixShape", { dataset: `[${sampleShape.join(", ")}]` })}
          </button>
        </div>
      )}
      <div className="launch-grid">
        {field("epochs", "epochs", "1", "launch-epochs")}
        {field("batchSize", "batch_size", "1", "launch-batch-size")}
        <label>
          {t("training.launch.optimizer")}
          <select
            data-testid="launch-optimizer"
            value={config.optimizer}
            onChange={(e) => set("optimizer", e.target.value as Config["optimizer"])}
          >
            {OPTIMIZERS.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        {field("lr", "lr", "any", "launch-lr")}
        {usesMomentum &&
          config.optimizer !== "rmsprop" &&
          field("momentum", "momentum", "any", "launch-momentum")}
        {config.optimizer === "rmsprop" && field("rho", "rho", "any", "launch-rho")}
        {usesBetas && (
          <>
            {field("beta1", "beta1")}
            {field("beta2", "beta2")}
          </>
        )}
        {field("weightDecay", "weight_decay", "any", "launch-weight-decay")}
        <label>
          {t("training.launch.schedule")}
          <select
            data-testid="launch-schedule"
            value={config.schedule}
            onChange={(e) => set("schedule", e.target.value as Config["schedule"])}
          >
            {SCHEDULES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {config.schedule === "step" && field("stepSize", "step_size", "1")}
        {(config.schedule === "step" || config.schedule === "exponential") && field("gamma", "gamma")}
        {config.schedule === "warmup" && field("warmupEpochs", "warmup_epochs", "1")}
        {field("validationSplit", "validation_split")}
        <label>
          {t("training.launch.device")}
          <select
            data-testid="launch-device"
            value={config.device}
            onChange={(e) => set("device", e.target.value as Config["device"])}
          >
            {DEVICES.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-testid="launch-early-stopping"
            checked={config.early_stopping}
            onChange={(e) => set("early_stopping", e.target.checked)}
          />
          {t("training.launch.earlyStopping")}
        </label>
        {config.early_stopping && field("patience", "patience", "1")}
        <label>
          {t("training.launch.keepBest")}
          <select
            value={config.keep_best}
            onChange={(e) => set("keep_best", e.target.value as Config["keep_best"])}
          >
            <option value="last">last</option>
            <option value="val_loss">val_loss</option>
            <option value="val_accuracy">val_accuracy</option>
          </select>
        </label>
      </div>
      <label>
        {t("training.launch.initFrom")}
        <select
          data-testid="launch-init-from"
          value={config.init_from ?? ""}
          onChange={(e) => set("init_from", e.target.value || null)}
        >
          <option value="">{t("training.launch.fromScratch")}</option>
          {jobs.map((j) => (
            <option key={j.id} value={String(j.id)}>
              #{j.id} — {j.dataset}
            </option>
          ))}
        </select>
      </label>
      {config.init_from && (
        <fieldset className="freeze" data-testid="launch-freeze">
          <legend>{t("training.launch.freeze")}</legend>
          {weighted.map((n) => (
            <label key={n.id} className="check">
              <input
                type="checkbox"
                data-testid={`freeze-${n.id}`}
                checked={config.freeze.includes(n.id)}
                onChange={(e) =>
                  set(
                    "freeze",
                    e.target.checked ? [...config.freeze, n.id] : config.freeze.filter((id) => id !== n.id),
                  )
                }
              />
              {n.id} <span className="muted">{n.data.type}</span>
            </label>
          ))}
        </fieldset>
      )}
      {error && (
        <div className="launch-error" data-testid="launch-error">
          {error}
        </div>
      )}
      <button
        type="button"
        className="primary"
        data-testid="launch-start"
        disabled={starting || !dataset}
        onClick={() => void start()}
      >
        {starting ? t("training.launch.starting") : t("training.launch.start")}
      </button>
    </aside>
  );
}
