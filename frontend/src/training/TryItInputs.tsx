/** Try a network with several Inputs (issue 15): one drawing pad per image Input, sent by the
 * variable each Input reads (`images: {x: ..., x2: ...}`). Inputs of numbers are not offered
 * here yet: the panel says so (the predict endpoint takes them as `inputs` by variable). */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DrawingPad } from "./TryIt";

export type InputFacts = { node: string; variable: string; shape: number[] };

export function TryInputs({
  inputs,
  busy,
  onAsk,
}: {
  inputs: InputFacts[];
  busy: boolean;
  onAsk: (body: { images: Record<string, string> }) => void;
}) {
  const { t } = useTranslation();
  const [images, setImages] = useState<Record<string, string>>({});
  if (!inputs.every((input) => input.shape.length === 3)) {
    return <p className="muted">{t("training.tryIt.severalInputs")}</p>;
  }
  const ready = inputs.every((input) => images[input.variable]);
  return (
    <div className="try-row" data-testid="try-inputs">
      {inputs.map((input) => (
        <div key={input.node} data-testid={`try-input-${input.variable}`}>
          <h3>{t("training.tryIt.input", { node: input.node, variable: input.variable })}</h3>
          <DrawingPad onImage={(image) => setImages((old) => ({ ...old, [input.variable]: image }))} />
        </div>
      ))}
      <button
        type="button"
        data-testid="try-predict"
        disabled={busy || !ready}
        onClick={() => onAsk({ images })}
      >
        {t("training.tryIt.predict")}
      </button>
    </div>
  );
}
