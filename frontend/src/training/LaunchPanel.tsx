/** The launch panel: dataset, config and transfer learning; starts a job with the graph as shown. */
import { useEffect, useId, useLayoutEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Job, jobsApi } from "../api/jobs";
import type { DatasetList, PretrainedInfo } from "../api/models";
import { pretrainedApi } from "../api/pretrained";
import { useLang } from "../hooks/useLang";
import { inputShape, isInputType, useCatalogueStore } from "../store/catalogueStore";
import { currentGraph } from "../store/document";
import { useGraphStore } from "../store/graphStore";
import { startBlockers, startNeedsLoss } from "../store/problemsStore";
import { useSessionStore } from "../store/sessionStore";
import { networkSheet } from "../store/units";
import { useValidationStore } from "../store/validationStore";
import { ConfigField } from "./ConfigField";
import { choiceTitle, datasetLabel } from "./datasetLabel";
import { type InputOf, misfits, variablesOf } from "./inputFit";
import { LessonNote } from "./LessonNote";
import { lastDatasets, refreshDatasets } from "./lastDatasets";
import {
  body,
  type ConfigSchema,
  defaults,
  fitsDataset,
  loadConfigSchema,
  loadedConfigSchema,
  problems,
  shown,
  type Values,
} from "./launchForm";
import { keepLaunchForm, launchFormKey, recallLaunchForm } from "./launchMemory";
import { lessonFit } from "./lessonFit";
import { PhaseList, shownTestFraction } from "./PhaseList";
import { PublishForm } from "./PublishForm";
import { datasetChoice, type Preset, withConfig } from "./presets";
import { go } from "./route";
import { StartBlocked } from "./StartBlocked";
import { sameDataJob, splitDiffers, withSplitOf } from "./startSplit";
import {
  freezeOf,
  initFromOf,
  PRETRAINED_PREFIX,
  pretrainedLabel,
  type StartFit,
  shippedWeights,
  startFit,
  unfit,
} from "./startWeights";
import { useTrainingStore } from "./trainingStore";
import { useLaunchPreset } from "./useLaunchPreset";

/** Every Input node, the variable it reads (`x` unless it names one) and the shape it declares
 * (its param or the catalogue default). */
function useInputs(): InputOf[] {
  const nodes = useGraphStore((s) => networkSheet(s).nodes);
  const byType = useCatalogueStore((s) => s.byType);
  return nodes
    .filter((n) => isInputType(n.data.type, byType))
    .map((input) => {
      const shape = inputShape(input.data, byType);
      const variable = (input.data.params as { variable?: unknown } | undefined)?.variable;
      return {
        id: input.id,
        variable: typeof variable === "string" && variable ? variable : "x",
        shape: Array.isArray(shape) ? shape.map(Number) : [],
      };
    });
}

export function LaunchPanel() {
  const { t } = useTranslation();
  const lang = useLang();
  const nodes = useGraphStore((s) => networkSheet(s).nodes);
  const inputs = useInputs();
  // Reopened, the panel starts from the list and schema it last read (refreshed below), so it
  // shows the form at once: no "Loading…" flash on every open.
  const [datasets, setDatasets] = useState<DatasetList | null>(lastDatasets);
  const [jobs, setJobs] = useState<Job[]>([]);
  const [pretrained, setPretrained] = useState<PretrainedInfo[]>([]);
  const [dataset, setDataset] = useState("");
  // each select is named by its label's text alone (a wrapping label's name takes in the option)
  const fieldId = useId();
  const [known] = useState(loadedConfigSchema);
  const [schema, setSchema] = useState<ConfigSchema | null>(known);
  const [values, setValues] = useState<Values>(() => (known ? defaults(known) : {}));
  const [initFrom, setInitFrom] = useState<string | null>(null);
  const [freeze, setFreeze] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const counts = useValidationStore((s) => s.result?.nodes);
  const reports = useValidationStore((s) => s.full?.nodes);
  // An answer that the graph as it is has errors: Start says why it cannot run, and shows them.
  const full = useValidationStore((s) => s.full);
  const pending = useValidationStore((s) => s.pending);
  const unreachable = useValidationStore((s) => s.error !== null);
  const blockers = startBlockers(full, pending, unreachable);
  // Valid but without a loss (`graph.no_loss`): nothing to train, so Start says so too.
  const needsLoss = blockers === null && startNeedsLoss(full, pending, unreachable);
  // The form as the preset (or what it was left at) sets it, once: until then it is shown as
  // loading, never empty (a sample's note says its settings are filled in).
  const [appliedKey, setAppliedKey] = useState<string | null>(null);

  /** The form as a preset sets it: its dataset and settings, the rest at their defaults. */
  const apply = (from: Preset, to: ConfigSchema) => {
    setDataset(datasetChoice(from.dataset));
    setValues(withConfig(defaults(to), from.config));
    setInitFrom(initFromOf(from.config));
    setFreeze(freezeOf(from.config));
  };

  // A sample, or a network copied from the class, starts from the dataset and settings it came
  // with (once it has opened: the panel may open first).
  // Reopened on the same document, the panel shows what it was left at instead.
  const preset = useLaunchPreset();
  const networkId = useSessionStore((s) => s.networkId);
  const formKey = launchFormKey(networkId, preset);
  // Before the first paint, so a panel opened with the schema known never shows "Loading…".
  // biome-ignore lint/correctness/useExhaustiveDependencies: formKey stands for the preset
  useLayoutEffect(() => {
    if (!schema) return;
    setAppliedKey(formKey);
    const kept = recallLaunchForm(formKey);
    if (kept) {
      setDataset(kept.dataset);
      setValues(kept.values);
      setInitFrom(kept.initFrom);
      setFreeze(kept.freeze);
      return;
    }
    if (preset) apply(preset, schema);
  }, [formKey, schema]);
  const loading = error === null && (schema === null || datasets === null || appliedKey !== formKey);
  useEffect(() => {
    // only once the form is set for this key: not the defaults it held a moment before
    if (schema && appliedKey === formKey) keepLaunchForm(formKey, { dataset, values, initFrom, freeze });
  }, [formKey, appliedKey, schema, dataset, values, initFrom, freeze]);

  useEffect(() => {
    loadConfigSchema()
      .then((loaded) => {
        if (loaded === known) return; // the form is set from it already
        setSchema(loaded);
        setValues(defaults(loaded));
      })
      .catch((e: unknown) => setError(String(e instanceof Error ? e.message : e)));
    refreshDatasets()
      .then(setDatasets)
      .catch((e: unknown) => setError(String(e instanceof Error ? e.message : e)));
    jobsApi
      .list({ weights: true })
      .then((all) => setJobs(all.filter((j) => j.status === "succeeded")))
      .catch(() => setJobs([]));
    pretrainedApi
      .list()
      .then(setPretrained)
      .catch(() => setPretrained([]));
  }, [known]); // known never changes: once per open

  const variables = useMemo(() => {
    if (!datasets || !dataset) return null;
    const builtin = datasets.builtin.find((d) => d.name === dataset);
    if (builtin) return variablesOf(builtin.sample_shape, builtin.more_inputs);
    const upload = datasets.uploads.find((u) => String(u.id) === dataset);
    const info = upload?.info as Record<string, unknown> | undefined;
    return variablesOf(info?.sample_shape ?? info?.input_shape, info?.more_inputs);
  }, [datasets, dataset]);
  const misfit = misfits(inputs, variables);
  const fits = fitsDataset(datasets?.builtin.find((d) => d.name === dataset));

  const fixShape = (id: string, sample: number[]) =>
    useGraphStore.getState().setParam(id, "shape", [...sample]);

  const start = async () => {
    setError(null);
    setStarting(true);
    try {
      if (!schema) return;
      const config = body(schema, values, fits);
      if (initFrom) {
        config.init_from = initFrom;
        config.freeze = freeze;
      }
      // The lesson's note only for a run as the lesson sets it: another dataset or other
      // settings make another lesson, whose results the note does not describe.
      const note = preset?.note && fit === "same" ? preset.note : null;
      const job = await jobsApi.create(currentGraph(), dataset, config, note);
      useTrainingStore.getState().setLaunchOpen(false);
      go(`#/jobs/${job.id}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setStarting(false);
    }
  };

  // The note is true for what the form shows: on another dataset, or with the lesson's settings
  // changed, it says so (the first form is the preset's once the schema is there).
  const fit =
    schema && preset
      ? lessonFit(preset, dataset, values, withConfig(defaults(schema), preset.config), shown(schema, values))
      : "same";
  const lessonDataset = choiceTitle(datasets, datasetChoice(preset?.dataset ?? null), lang);
  let lessonHint: string;
  if (fit === "otherDataset") lessonHint = t("training.lesson.otherDataset", { dataset: lessonDataset });
  else if (fit === "changedSettings") lessonHint = t("training.lesson.changedSettings");
  else lessonHint = preset?.from ? t("classroom.published.noteHint") : t("training.lesson.preset");

  // An earlier job on this dataset: its split keeps the rows its weights never saw held out.
  const earlier = sameDataJob(initFrom, dataset, jobs);
  const chooseStart = (chosen: string | null) => {
    setInitFrom(chosen);
    const same = sameDataJob(chosen, dataset, jobs);
    if (same) setValues((v) => withSplitOf(v, same));
  };

  // Earlier jobs whose weights no node of this network can take: greyed out, and why.
  const fitOf = (job: Job) => startFit(job.weights, reports);
  const whyUnfit = (fit: StartFit) =>
    fit.reshaped.length > 0
      ? t("startFit.otherShapes", { nodes: fit.reshaped.join(", ") })
      : t("startFit.noSharedNodes", { theirs: fit.theirs.join(", ") || "—" });
  const jobLabel = (job: Job, key: "job" | "unfitJob") =>
    t(`startFit.${key}`, {
      id: job.id,
      network: job.network_name || t("startFit.unnamed"),
      dataset: datasetLabel(job, t("training.jobs.upload")),
    });
  const shippedFit = (entry: PretrainedInfo) => startFit(shippedWeights(entry.nodes), reports);
  const chosenJob = jobs.find((j) => String(j.id) === initFrom);
  const chosenShipped = pretrained.find((p) => PRETRAINED_PREFIX + p.name === initFrom);
  const chosenFit = chosenJob ? fitOf(chosenJob) : chosenShipped ? shippedFit(chosenShipped) : null;
  const startUnfit = unfit(chosenFit);

  const refused = schema ? problems(schema, values, fits) : {};
  const invalid = Object.keys(refused).length > 0;
  // Only layers with weights can be frozen (the validation's parameter count says which).
  const weighted = nodes.filter((n) => !isInputType(n.data.type) && (counts?.[n.id]?.params ?? 1) > 0);

  return (
    <aside className="launch-panel" data-testid="launch-panel">
      <header>
        <h2>{t("training.launch.title")}</h2>
        <button
          type="button"
          aria-label={t("training.launch.close")}
          data-testid="launch-close"
          onClick={() => useTrainingStore.getState().setLaunchOpen(false)}
        >
          ✕
        </button>
      </header>
      <LessonNote
        note={preset?.note}
        testId="launch-note"
        title={preset?.from ? t("classroom.published.noteTitle", { title: preset.from }) : undefined}
        hint={lessonHint}
        action={
          fit !== "same" &&
          preset &&
          schema && (
            <button type="button" data-testid="launch-note-restore" onClick={() => apply(preset, schema)}>
              {t("training.lesson.restore")}
            </button>
          )
        }
      />
      {loading && (
        <p className="muted" data-testid="launch-loading" role="status">
          {t("training.launch.loading")}
        </p>
      )}
      {!loading && (
        <>
          <PhaseList values={values} testFraction={shownTestFraction(schema, values, fits)} />
          <label>
            <span id={`${fieldId}-dataset`}>{t("training.launch.dataset")}</span>
            <select
              aria-labelledby={`${fieldId}-dataset`}
              data-testid="launch-dataset"
              value={dataset}
              onChange={(e) => setDataset(e.target.value)}
            >
              <option value="">—</option>
              <optgroup label={t("training.launch.builtin")}>
                {datasets?.builtin.map((d) => (
                  <option
                    key={d.name}
                    value={d.name}
                    title={lang === "ja" ? d.description_ja : d.description}
                  >
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
          {misfit.map((m) => (
            <div className="launch-mismatch" data-testid="launch-mismatch" data-node={m.id} key={m.id}>
              {m.sample === null
                ? t("training.launch.missingVariable", {
                    node: m.id,
                    variable: m.variable,
                    variables: Object.keys(variables ?? {}).join(", "),
                  })
                : t(inputs.length > 1 ? "training.launch.mismatchNode" : "training.launch.mismatch", {
                    dataset: `[${m.sample.join(", ")}]`,
                    input: `[${m.shape.join(", ")}]`,
                    node: m.id,
                    variable: m.variable,
                  })}
              {m.sample !== null && (
                <button
                  type="button"
                  data-testid="fix-input-shape"
                  onClick={() => m.sample !== null && fixShape(m.id, m.sample)}
                >
                  {t(inputs.length > 1 ? "training.launch.fixShapeNode" : "training.launch.fixShape", {
                    dataset: `[${m.sample.join(", ")}]`,
                    node: m.id,
                  })}
                </button>
              )}
            </div>
          ))}
          <div className="launch-grid">
            {schema &&
              shown(schema, values, fits).map((name) => (
                <ConfigField
                  key={name}
                  name={name}
                  schema={schema.properties[name] ?? {}}
                  value={values[name] ?? ""}
                  lang={lang}
                  problem={refused[name]}
                  onChange={(value) => setValues((v) => ({ ...v, [name]: value }))}
                />
              ))}
          </div>
          <label>
            <span id={`${fieldId}-init-from`}>{t("training.launch.initFrom")}</span>
            <select
              aria-labelledby={`${fieldId}-init-from`}
              data-testid="launch-init-from"
              value={initFrom ?? ""}
              onChange={(e) => chooseStart(e.target.value || null)}
            >
              <option value="">{t("training.launch.fromScratch")}</option>
              {pretrained.length > 0 && (
                <optgroup label={t("transfer.pretrained")}>
                  {pretrained.map((p) => {
                    const fit = shippedFit(p);
                    const about = lang === "ja" ? p.description_ja : p.description;
                    return unfit(fit) ? (
                      <option
                        key={p.name}
                        value={PRETRAINED_PREFIX + p.name}
                        disabled
                        data-fits="false"
                        title={`${about}\n${whyUnfit(fit)}`}
                      >
                        {t("startFit.unfitShipped", { label: pretrainedLabel(p, lang) })}
                      </option>
                    ) : (
                      <option key={p.name} value={PRETRAINED_PREFIX + p.name} data-fits="true" title={about}>
                        {pretrainedLabel(p, lang)}
                      </option>
                    );
                  })}
                </optgroup>
              )}
              {jobs.length > 0 && (
                <optgroup label={t("transfer.earlierJobs")}>
                  {jobs.map((j) => {
                    const fit = fitOf(j);
                    return unfit(fit) ? (
                      <option
                        key={j.id}
                        value={String(j.id)}
                        disabled
                        data-fits="false"
                        title={whyUnfit(fit)}
                      >
                        {jobLabel(j, "unfitJob")}
                      </option>
                    ) : (
                      <option key={j.id} value={String(j.id)} data-fits="true">
                        {jobLabel(j, "job")}
                      </option>
                    );
                  })}
                </optgroup>
              )}
            </select>
          </label>
          {(jobs.some((j) => unfit(fitOf(j))) || pretrained.some((p) => unfit(shippedFit(p)))) && (
            <p className="muted" data-testid="launch-init-from-hint">
              {t("startFit.hint")}
            </p>
          )}
          {unfit(chosenFit) && (
            <div
              className="launch-mismatch"
              data-testid="launch-init-from-unfit"
              id="launch-init-from-unfit"
              role="status"
            >
              {chosenJob
                ? t("startFit.chosenUnfit", { id: chosenJob.id, why: whyUnfit(chosenFit) })
                : t("startFit.chosenUnfitShipped", { name: initFrom, why: whyUnfit(chosenFit) })}
            </div>
          )}
          {earlier &&
            (splitDiffers(values, earlier) ? (
              <div className="launch-mismatch" data-testid="launch-split-differs" role="status">
                {t("training.launch.splitDiffers", { job: earlier.id })}
                <button
                  type="button"
                  data-testid="launch-use-split"
                  onClick={() => setValues((v) => withSplitOf(v, earlier))}
                >
                  {t("training.launch.useSplit", { job: earlier.id })}
                </button>
              </div>
            ) : (
              <p className="muted" data-testid="launch-split-kept" role="status">
                {t("training.launch.splitKept", { job: earlier.id })}
              </p>
            ))}
          {initFrom && (
            <fieldset className="freeze" data-testid="launch-freeze">
              <legend>{t("training.launch.freeze")}</legend>
              {weighted.map((n) => (
                <label key={n.id} className="check">
                  <input
                    type="checkbox"
                    data-testid={`freeze-${n.id}`}
                    checked={freeze.includes(n.id)}
                    onChange={(e) =>
                      setFreeze((f) => (e.target.checked ? [...f, n.id] : f.filter((id) => id !== n.id)))
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
          {blockers !== null && (
            <StartBlocked id="launch-blocked" message={t("training.launch.blocked", { count: blockers })} />
          )}
          {needsLoss && <StartBlocked id="launch-no-loss" message={t("training.launch.noLoss")} />}
          {!dataset && (
            <p className="muted" data-testid="launch-no-dataset" id="launch-no-dataset" role="status">
              {t("training.launch.chooseDataset")}
            </p>
          )}
          <button
            type="button"
            className="primary"
            data-testid="launch-start"
            aria-describedby={
              blockers !== null
                ? "launch-blocked"
                : needsLoss
                  ? "launch-no-loss"
                  : !dataset
                    ? "launch-no-dataset"
                    : startUnfit
                      ? "launch-init-from-unfit"
                      : undefined
            }
            title={
              blockers !== null
                ? t("training.launch.blocked", { count: blockers })
                : needsLoss
                  ? t("training.launch.noLoss")
                  : !dataset
                    ? t("training.launch.chooseDataset")
                    : undefined
            }
            disabled={
              starting || !dataset || !schema || invalid || blockers !== null || needsLoss || startUnfit
            }
            onClick={() => void start()}
          >
            {starting ? t("training.launch.starting") : t("training.launch.start")}
          </button>
          <PublishForm
            dataset={dataset}
            datasetTitle={choiceTitle(datasets, dataset, lang)}
            config={() => (schema ? body(schema, values, fits) : null)}
          />
        </>
      )}
    </aside>
  );
}
