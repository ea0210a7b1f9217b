/** "Inside the network" on a finished image network's page: one image (a stored validation
 * sample, a drawing or an upload) through it, shown as every convolution's feature maps, the
 * first convolution's filters and, for a classifier, Grad-CAM. Computed by a worker
 * (backend/routes/inside.py); each view downloads its numbers. A network of several heads gets a
 * head select: the predicted class and Grad-CAM follow the chosen head (its loss id). A network of
 * several Inputs gets an Input select ("Input: x / x2"): the views look at the chosen image Input,
 * the other Inputs taking the same validation sample's values from the dataset (the request's
 * `input`, and `sample` with a drawing). Grad-CAM's layer select lists the convolutions it can
 * weight, those inside unit uses by path (`b.conv`); the default is the last before the head. */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type FeatureMapsAnswer, type GradCamAnswer, insideApi } from "../api/inside";
import { jobsApi, type Samples } from "../api/jobs";
import { FeatureMapsView, FiltersView, GradCamView } from "./InsideViews";
import {
  headChoices,
  type InputChoice,
  imageInputs,
  listedHead,
  sampleChoices,
  withInput,
} from "./insideData";
import { DrawingPad } from "./TryIt";
import "./inside.css";
import { FileInput } from "../components/FileInput";

type Source = { sample: number } | { image: string };
/** The evaluation's `heads`: per loss id, its report (head node id and task are read). */
export type HeadsOf = Record<string, { head?: string; task?: string }> | undefined;
type Tab = "maps" | "filters" | "gradcam";

export function InsidePanel({
  jobId,
  samples,
  task,
  heads,
}: {
  jobId: number;
  samples: Samples | null;
  task: string | undefined;
  heads?: HeadsOf;
}) {
  const { t } = useTranslation();
  const headList = headChoices(heads);
  const [head, setHead] = useState<string | null>(null); // a loss id; null: the primary
  const followed = headList.find((h) => h.loss === head);
  const classifier = followed ? followed.classifier : task === "classification";
  const choices = sampleChoices(samples);
  const listed = listedHead(headList, head); // another head followed: the list is the primary's
  const [chosen, setPicked] = useState<number | null>(null);
  const picked = chosen ?? choices[0]?.index ?? null; // the samples may arrive after the panel
  const [source, setSource] = useState<Source | null>(null);
  const [maps, setMaps] = useState<FeatureMapsAnswer | null>(null);
  const [picture, setPicture] = useState<string | null>(null); // an uploaded image, on the pad
  const [cam, setCam] = useState<GradCamAnswer | null>(null);
  const [klass, setKlass] = useState<number | null>(null);
  const [layer, setLayer] = useState<string | null>(null); // Grad-CAM's; null: the default
  const [tab, setTab] = useState<Tab>("maps");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [own, setOwn] = useState(false); // the drawing pad exists only while opened: Try it has one too
  const [inputs, setInputs] = useState<string[]>([]); // the Input nodes' ids
  const [images, setImages] = useState<InputChoice[]>([]); // the image Inputs among them
  const [looked, setLooked] = useState<string | null>(null); // the image Input looked at
  useEffect(() => {
    jobsApi
      .graph(jobId)
      .then((graph) => {
        setInputs(graph.nodes.filter((n) => n.type === "Input").map((n) => n.id));
        setImages(imageInputs(graph.nodes));
      })
      .catch(() => setInputs([]));
  }, [jobId]);
  const several = inputs.length > 1;
  const input = several ? (looked ?? images[0]?.node ?? null) : null; // null: one Input, no `input`

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
  const withHead = (body: Source, loss: string | null, at: string | null = input) => {
    const fed = withInput(body, at, picked);
    return loss === null ? fed : { ...fed, head: loss };
  };
  const show = (next: Source, loss: string | null = head, at: string | null = input) =>
    run(async () => {
      setSource(next);
      setKlass(null);
      setLayer(null); // another Input or head has other layers
      const follows =
        loss === null ? task === "classification" : !!headList.find((h) => h.loss === loss)?.classifier;
      // Grad-CAM refused (a GAN's head fed by generated images only) keeps the feature maps
      const refused = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));
      const [m, c] = await Promise.all([
        insideApi.featureMaps(jobId, withHead(next, loss, at)),
        follows ? insideApi.gradCam(jobId, withHead(next, loss, at)).catch(refused) : null,
      ]);
      setMaps(m);
      setCam(c instanceof Error ? null : c);
      if (c instanceof Error) setError(c.message);
    });
  const camBody = (next: Source, k: number | null, at: string | null) => {
    const body = withHead(next, head);
    const classed = k === null ? body : { ...body, class: k };
    return at === null ? classed : { ...classed, layer: at };
  };
  const pickClass = (next: number | null) =>
    source &&
    run(async () => {
      setKlass(next);
      setCam(await insideApi.gradCam(jobId, camBody(source, next, layer)));
    });
  const pickLayer = (next: string) =>
    source &&
    run(async () => {
      setLayer(next);
      setCam(await insideApi.gradCam(jobId, camBody(source, klass, next)));
    });

  if (samples?.kind !== "image") return null; // an image network's own panel
  const tabs: Tab[] = classifier && cam ? ["maps", "filters", "gradcam"] : ["maps", "filters"];
  const shown: Tab = tabs.includes(tab) ? tab : "maps"; // another head may have no Grad-CAM
  return (
    <section className="inside" data-testid="inside" data-busy={busy}>
      <h2>{t("inside.title")}</h2>
      <p className="muted">{t("inside.intro")}</p>
      {several && (
        <p className="muted" data-testid="inside-several-inputs">
          {t("inside.severalInputs", { inputs: inputs.join(", ") })}
        </p>
      )}
      {several && images.length > 0 && (
        <label className="heads-select">
          {t("inside.inputSelect")}{" "}
          <select
            data-testid="inside-input-select"
            value={input ?? ""}
            onChange={(e) => {
              setLooked(e.target.value);
              if (source) void show(source, head, e.target.value);
            }}
          >
            {images.map((c) => (
              <option key={c.node} value={c.node}>
                {c.node === c.variable
                  ? c.node
                  : t("inside.inputOption", { node: c.node, variable: c.variable })}
              </option>
            ))}
          </select>
        </label>
      )}
      {headList.length > 0 && (
        <label className="heads-select">
          {t("inside.head")}{" "}
          <select
            data-testid="inside-head"
            value={head ?? headList[0]?.loss ?? ""}
            onChange={(e) => {
              const loss = e.target.value === headList[0]?.loss ? null : e.target.value;
              setHead(loss);
              if (source) void show(source, loss);
            }}
          >
            {headList.map((h, i) => (
              <option key={h.loss} value={h.loss}>
                {t(i === 0 ? "inside.headPrimary" : "inside.headOption", { loss: h.loss, head: h.head })}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="inside-source">
        {choices.length > 0 && (
          <div className="inside-pick">
            <label>
              {listed === null ? t("inside.sample") : t("inside.sampleOfPrimary", { loss: listed })}{" "}
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
              <DrawingPad picture={picture} onImage={(image) => void show({ image })} />
              <label className="upload">
                {t("training.tryIt.upload")}
                <FileInput
                  accept="image/*"
                  data-testid="inside-upload"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (!file) return;
                    const reader = new FileReader();
                    reader.onload = () => {
                      const image = String(reader.result);
                      setPicture(image);
                      void show({ image });
                    };
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
                aria-selected={shown === name}
                className={shown === name ? "small active" : "small"}
                data-testid={`inside-tab-${name}`}
                onClick={() => setTab(name)}
              >
                {t(`inside.tab_${name}`)}
              </button>
            ))}
          </div>
          {shown === "maps" && <FeatureMapsView jobId={jobId} answer={maps} />}
          {shown === "filters" && <FiltersView jobId={jobId} answer={maps} />}
          {shown === "gradcam" && cam && (
            <GradCamView
              jobId={jobId}
              answer={cam}
              klass={klass}
              onClass={(k) => void pickClass(k)}
              onLayer={(name) => void pickLayer(name)}
            />
          )}
        </>
      )}
    </section>
  );
}
