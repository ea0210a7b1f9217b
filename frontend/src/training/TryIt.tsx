/** Try a trained network: draw or upload an image, or type values; probabilities as bars. */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { datasetsApi } from "../api/datasets";
import { type Evaluation, jobsApi, type PredictAnswer } from "../api/jobs";
import { FileInput } from "../components/FileInput";
import { inputShape, isInputType, useCatalogueStore } from "../store/catalogueStore";
import { isDiscriminatorOnly, verdictOf } from "./discriminator";
import { Forecast } from "./Forecast";
import { type InputFacts, type TryBody, TryInputs } from "./TryItInputs";
import { headSections, headTargets, headTitle } from "./tryHeads";
import { withColumns } from "./tryInputs";

const CANVAS = 280;

function Probabilities({ answer, label }: { answer: PredictAnswer; label?: (name: string) => string }) {
  const names = answer.class_names ?? [];
  const probs = answer.probabilities?.[0] ?? [];
  const best = probs.indexOf(Math.max(...probs));
  return (
    <div className="probabilities" data-testid="probabilities">
      {names.map((name, i) => (
        <div key={name} className={i === best ? "prob best" : "prob"} data-testid={`prob-${name}`}>
          <span className="prob-name">{label ? label(name) : name}</span>
          <span className="prob-bar">
            <span style={{ width: `${(probs[i] ?? 0) * 100}%` }} />
          </span>
          <span className="prob-value">{((probs[i] ?? 0) * 100).toFixed(1)}%</span>
        </div>
      ))}
    </div>
  );
}

/** One head's answer: class probabilities as bars, or the output values. */
function HeadAnswer({ answer, verdict = false }: { answer: PredictAnswer; verdict?: boolean }) {
  const { t } = useTranslation();
  // a discriminator's classes in the page's language (a job of before: 0 and 1)
  const label = (name: string) => {
    const said = verdictOf(name);
    return said ? t(`gan.${said}`) : name;
  };
  if (answer.probabilities) return <Probabilities answer={answer} label={verdict ? label : undefined} />;
  return (
    <pre className="try-output" data-testid="try-output">
      {t("training.tryIt.result")}: {JSON.stringify(answer.values)}
    </pre>
  );
}

/** Every head's answer (tryHeads.ts): several heads each under "Head <id>", the primary
 * first; one head (or a GAN's discriminator) without a heading. */
function Answers({
  answer,
  discriminatorOnly,
  targets = {},
}: {
  answer: PredictAnswer;
  discriminatorOnly: boolean;
  targets?: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <>
      {discriminatorOnly && (
        <p className="muted" data-testid="try-discriminator">
          {t("gan.tryIt")}
        </p>
      )}
      {headSections(answer, discriminatorOnly).map(({ head, answer: one }) =>
        head === null ? (
          <HeadAnswer key="" answer={one} verdict={discriminatorOnly} />
        ) : (
          <div key={head} data-testid={`try-head-${head}`}>
            <h3>{t("training.tryIt.head", { head: headTitle(head, targets) })}</h3>
            <HeadAnswer answer={one} />
          </div>
        ),
      )}
    </>
  );
}

/** Paint the pad black; its context, or null when it is not there. */
function blank(pad: HTMLCanvasElement | null): CanvasRenderingContext2D | null {
  const ctx = pad?.getContext("2d") ?? null;
  if (!ctx) return null;
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, CANVAS, CANVAS);
  return ctx;
}

export function DrawingPad({
  onImage,
  picture,
}: {
  onImage: (dataUrl: string) => void;
  /** An uploaded image to show on the pad (fitted, on black), so the pad shows what was asked:
   * it kept the last drawing beside the upload's answer. */
  picture?: string | null;
}) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const clear = () => void blank(canvas.current);
  useEffect(clear, []);
  useEffect(() => {
    if (!picture) return;
    const image = new Image();
    image.onerror = () => blank(canvas.current); // not an image: no longer the one asked before
    image.onload = () => {
      const ctx = blank(canvas.current);
      if (!ctx) return;
      const scale = Math.min(CANVAS / image.width, CANVAS / image.height);
      const [w, h] = [image.width * scale, image.height * scale];
      ctx.drawImage(image, (CANVAS - w) / 2, (CANVAS - h) / 2, w, h);
    };
    image.src = picture;
  }, [picture]);
  const at = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return [
      ((e.clientX - rect.left) * CANVAS) / rect.width,
      ((e.clientY - rect.top) * CANVAS) / rect.height,
    ] as const;
  };
  return (
    <div className="drawing">
      <canvas
        ref={canvas}
        width={CANVAS}
        height={CANVAS}
        data-testid="draw-canvas"
        onPointerDown={(e) => {
          const ctx = e.currentTarget.getContext("2d");
          if (!ctx) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          drawing.current = true;
          const [x, y] = at(e);
          ctx.strokeStyle = "#fff";
          ctx.lineWidth = 22;
          ctx.lineCap = "round";
          ctx.lineJoin = "round";
          ctx.beginPath();
          ctx.moveTo(x, y);
          ctx.lineTo(x, y);
          ctx.stroke();
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const ctx = e.currentTarget.getContext("2d");
          const [x, y] = at(e);
          ctx?.lineTo(x, y);
          ctx?.stroke();
        }}
        onPointerUp={(e) => {
          if (!drawing.current) return;
          drawing.current = false;
          onImage(e.currentTarget.toDataURL("image/png"));
        }}
      />
      <div className="drawing-tools">
        <span className="muted">{t("training.tryIt.draw")}</span>
        <button type="button" data-testid="draw-clear" onClick={clear}>
          {t("training.tryIt.clear")}
        </button>
      </div>
    </div>
  );
}

export function TryIt({
  jobId,
  evaluation,
  imageInput,
  dataset,
}: {
  jobId: number;
  evaluation: Evaluation | null;
  imageInput: boolean;
  /** The job's dataset ref: an upload's column names label the number fields. */
  dataset?: string;
}) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<PredictAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shape, setShape] = useState<number[] | null>(null);
  const [values, setValues] = useState<string[]>([]);
  const [inputs, setInputs] = useState<InputFacts[]>([]);
  const [targets, setTargets] = useState<Record<string, string>>({});
  const [columns, setColumns] = useState<Record<string, string[]>>({});
  const [picture, setPicture] = useState<string | null>(null);
  const byType = useCatalogueStore((s) => s.byType);

  useEffect(() => {
    jobsApi
      .graph(jobId)
      .then((graph) => {
        const input = graph.nodes.find((n) => isInputType(n.type, byType));
        const all = graph.nodes.filter((n) => isInputType(n.type, byType));
        setTargets(headTargets(graph, (type) => byType.get(type)?.category === "loss"));
        setInputs(
          all.map((n) => {
            const raw = inputShape(n, byType);
            const variable = n.params?.variable;
            return {
              node: n.id,
              variable: typeof variable === "string" ? variable : "x",
              shape: Array.isArray(raw) ? raw.map(Number) : [],
            };
          }),
        );
        const raw = input ? inputShape(input, byType) : undefined;
        const dims = Array.isArray(raw) ? raw.map(Number) : [];
        setShape(dims);
        setValues(Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => "0"));
      })
      .catch(() => setShape([]));
  }, [jobId, byType]);

  useEffect(() => {
    const id = dataset?.startsWith("upload:") ? Number(dataset.slice(7)) : null;
    if (id === null) return;
    datasetsApi
      .list()
      .then((list) => setColumns(list.uploads.find((d) => d.id === id)?.info.input_columns ?? {}))
      .catch(() => setColumns({}));
  }, [dataset]);

  const ask = async (body: { image: string } | { input: unknown[] } | TryBody) => {
    setBusy(true);
    setError(null);
    try {
      setAnswer(await jobsApi.predict(jobId, body));
    } catch (e) {
      setAnswer(null); // the answer shown was another image's
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  // An image network draws, whether or not its evaluation samples exist (a cancelled job's don't).
  const image = imageInput || shape?.length === 3;
  const sequence = !image && shape !== null && shape.length >= 2;
  let body: React.ReactNode = null;
  if (inputs.length > 1) {
    body = (
      <TryInputs inputs={withColumns(inputs, columns)} busy={busy} onAsk={(images) => void ask(images)} />
    );
  } else if (image) {
    body = (
      <div className="try-row">
        <DrawingPad picture={picture} onImage={(image) => void ask({ image })} />
        <label className="upload">
          {t("training.tryIt.upload")}
          <FileInput
            accept="image/*"
            data-testid="try-upload"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              const reader = new FileReader();
              reader.onload = () => {
                const image = String(reader.result);
                setPicture(image);
                void ask({ image });
              };
              reader.readAsDataURL(file);
            }}
          />
          {shape && shape.length === 3 && (
            <span className="muted" data-testid="try-upload-hint">
              {t("training.tryIt.uploadHint", { size: `${shape[2]}×${shape[1]}` })}
            </span>
          )}
        </label>
      </div>
    );
  } else if (sequence && evaluation) {
    body = <Forecast jobId={jobId} evaluation={evaluation} />;
  } else if (shape && values.length > 0 && values.length <= 64) {
    body = (
      <form
        className="try-values"
        onSubmit={(e) => {
          e.preventDefault();
          void ask({ input: values.map(Number) });
        }}
      >
        <span className="muted">{t("training.tryIt.values")}</span>
        {values.map((v, i) => (
          <input
            // biome-ignore lint/suspicious/noArrayIndexKey: one field per input position
            key={i}
            type="number"
            step="any"
            data-testid={`try-value-${i}`}
            value={v}
            onChange={(e) => setValues(values.map((old, j) => (j === i ? e.target.value : old)))}
          />
        ))}
        <button type="submit" data-testid="try-predict" disabled={busy}>
          {t("training.tryIt.predict")}
        </button>
      </form>
    );
  }

  return (
    <section className="try-it" data-testid="try-it">
      <h2>{t("training.tryIt.title")}</h2>
      {body}
      {error && (
        <div className="launch-error" data-testid="try-error">
          {error}
        </div>
      )}
      {answer && (
        <Answers answer={answer} discriminatorOnly={isDiscriminatorOnly(evaluation)} targets={targets} />
      )}
    </section>
  );
}
