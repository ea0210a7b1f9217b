/** Try a network with several Inputs (issue 15): one drawing pad per image Input and one row of
 * number fields per Input of numbers (64 values at most, as try-it offers for one Input), sent
 * by the variable each Input reads (`images: {x: ...}`, `inputs: {x2: [...]}`). An Input of
 * another shape (a sequence, more values) gets a note: the predict endpoint takes it. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DrawingPad } from "./TryIt";
import { fieldsOf, type InputFacts, type TryBody, tryBody, tryKind, variableText } from "./tryInputs";

export type { InputFacts, TryBody } from "./tryInputs";

export function TryInputs({
  inputs,
  busy,
  onAsk,
}: {
  inputs: InputFacts[];
  busy: boolean;
  onAsk: (body: TryBody) => void;
}) {
  const { t } = useTranslation();
  const [images, setImages] = useState<Record<string, string>>({});
  const [numbers, setNumbers] = useState<Record<string, string[]>>({});
  if (!inputs.every((input) => tryKind(input) !== null)) {
    return <p className="muted">{t("training.tryIt.severalInputs")}</p>;
  }
  const body = tryBody(inputs, images, numbers);
  return (
    <div className="try-row" data-testid="try-inputs">
      {inputs.map((input) => {
        const heading = (
          <h3>{t("training.tryIt.input", { node: input.node, variable: variableText(input) })}</h3>
        );
        if (tryKind(input) === "image") {
          return (
            <div key={input.node} data-testid={`try-input-${input.variable}`}>
              {heading}
              <DrawingPad onImage={(image) => setImages((old) => ({ ...old, [input.variable]: image }))} />
            </div>
          );
        }
        const fields = numbers[input.variable] ?? fieldsOf(input);
        return (
          <div key={input.node} className="try-values" data-testid={`try-input-${input.variable}`}>
            {heading}
            {fields.map((v, i) => (
              <input
                // biome-ignore lint/suspicious/noArrayIndexKey: one field per input position
                key={i}
                type="number"
                step="any"
                data-testid={`try-value-${input.variable}-${i}`}
                title={input.columns?.[i]}
                placeholder={input.columns?.[i]}
                value={v}
                onChange={(e) =>
                  setNumbers((old) => ({
                    ...old,
                    [input.variable]: fields.map((o, j) => (j === i ? e.target.value : o)),
                  }))
                }
              />
            ))}
          </div>
        );
      })}
      <button
        type="button"
        data-testid="try-predict"
        disabled={busy || body === null}
        onClick={() => body && onAsk(body)}
      >
        {t("training.tryIt.predict")}
      </button>
    </div>
  );
}
