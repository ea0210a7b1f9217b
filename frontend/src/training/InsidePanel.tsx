/** "Inside the network" on a finished image network's page: one image (a stored validation
 * sample, a drawing or an upload) through it, shown as every convolution's feature maps, the
 * first convolution's filters and, for a classifier, Grad-CAM. Computed by a worker
 * (backend/routes/inside.py); each view downloads its numbers. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type FeatureMapsAnswer, type GradCamAnswer, insideApi } from "../api/inside";
import type { Samples } from "../api/jobs";
import { FeatureMapsView, FiltersView, GradCamView } from "./InsideViews";
import { sampleChoices } from "./insideData";
import { DrawingPad } from "./TryIt";
import "./inside.css";

type Source = { sample: number } | { image: string };
type Tab = "maps" | "filters" | "gradcam";

export function InsidePanel({
  jobId,
  samples,
  task,
}: {
  jobId: number;
  samples: Samples | null;
  task: string | undefined;
}) {
  const { t } = useTranslation();
  const classifier = task === "classification";
  const choices = sampleChoices(samples);
  const [chosen, setPicked] = useState<number | null>(null);
  const picked = chosen ?? choices[0]?.index ?? null; // the samples may arrive after the panel
  const [source, setSource] = useState<Source | null>(null);
  const [maps, setMaps] = useState<FeatureMapsAnswer | null>(null);
  const [cam, setCam] = useState<GradCamAnswer | null>(null);
  const [klass, setKlass] = useState<number | null>(null);
  const [tab, setTab] = useState<Tab>("maps");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [own, setOwn] = useState(false); // the drawing pad exists only while opened: Try it has one too

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const show = (next: Source) =>
    run(async () => {
      setSource(next);
      setKlass(null);
      const [m, c] = await Promise.all([
        insideApi.featureMaps(jobId, next),
        classifier ? insideApi.gradCam(jobId, next) : Promise.resolve(null),
      ]);
      setMaps(m);
      setCam(c);
    });
  const pickClass = (next: number | null) =>
    source &&
    run(async () => {
      setKlass(next);
      setCam(await insideApi.gradCam(jobId, next === null ? source : { ...source, class: next }));
    });

  if (samples?.kind !== "image") return null; // an image network's own panel
  const tabs: Tab[] = classifier ? ["maps", "filters", "gradcam"] : ["maps", "filters"];
  return (
    <section className="inside" data-testid="inside" data-busy={busy}>
      <h2>{t("inside.title")}</h2>
      <p className="muted">{t("inside.intro")}</p>
      <div className="inside-source">
        {choices.length > 0 && (
          <div className="inside-pick">
            <label>
              {t("inside.sample")}{" "}
              <select
                data-testid="inside-sample"
                value={picked ?? ""}
                onChange={(e) => setPicked(Number(e.target.value))}
              >
                {choices.map((c) => (
                  <option key={c.index} value={c.index}>
                    {c.text}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="primary"
              data-testid="inside-show"
              disabled={busy || picked === null}
              onClick={() => picked !== null && void show({ sample: picked })}
            >
              {t("inside.show")}
            </button>
            {maps && (
              <img
                className="inside-input"
                src={maps.input}
                alt={t("inside.input")}
                data-testid="inside-input"
              />
            )}
            {maps?.predicted && (
              <span data-testid="inside-predicted">
                {t("inside.predicted", {
                  name: maps.predicted.name,
                  probability: `${(maps.predicted.probability * 100).toFixed(1)}%`,
                })}
              </span>
            )}
          </div>
        )}
        <details className="inside-own" onToggle={(e) => setOwn(e.currentTarget.open)}>
          <summary>{t("inside.own")}</summary>
          {own && (
            <div className="try-row">
              <DrawingPad onImage={(image) => void show({ image })} />
              <label className="upload">
                {t("training.tryIt.upload")}
                <input
                  type="file"
                  accept="image/*"
                  data-testid="inside-upload"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (!file) return;
                    const reader = new FileReader();
                    reader.onload = () => void show({ image: String(reader.result) });
                    reader.readAsDataURL(file);
                  }}
                />
              </label>
            </div>
          )}
        </details>
      </div>
      {error && (
        <div className="launch-error" data-testid="inside-error">
          {error}
        </div>
      )}
      {maps && (
        <>
          <div className="inside-tabs" role="tablist">
            {tabs.map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                aria-selected={tab === name}
                className={tab === name ? "small active" : "small"}
                data-testid={`inside-tab-${name}`}
                onClick={() => setTab(name)}
              >
                {t(`inside.tab_${name}`)}
              </button>
            ))}
          </div>
          {tab === "maps" && <FeatureMapsView jobId={jobId} answer={maps} />}
          {tab === "filters" && <FiltersView jobId={jobId} answer={maps} />}
          {tab === "gradcam" && cam && (
            <GradCamView jobId={jobId} answer={cam} klass={klass} onClass={(k) => void pickClass(k)} />
          )}
        </>
      )}
    </section>
  );
}
