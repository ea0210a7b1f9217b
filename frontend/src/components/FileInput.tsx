/**
 * A file input whose button and "no file" line are in the UI's language. The browser's own input
 * writes them in the browser's language: "Choose File / No file chosen" in the Japanese UI of an
 * English browser. The real input stays (tests and forms use it), out of sight; the button opens it.
 */
import { type InputHTMLAttributes, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

export function FileInput(props: Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState<string | null>(null);
  const testId = (props as { "data-testid"?: string })["data-testid"];
  return (
    <span className="file-input">
      <input
        {...props}
        ref={input}
        type="file"
        tabIndex={-1}
        onChange={(e) => {
          setName(e.target.files?.[0]?.name ?? null);
          props.onChange?.(e);
        }}
      />
      <button
        type="button"
        disabled={props.disabled}
        data-testid={testId ? `${testId}-button` : undefined}
        onClick={() => input.current?.click()}
      >
        {t("fileInput.choose")}
      </button>
      <span className="file-input-name" data-testid={testId ? `${testId}-name` : undefined}>
        {name ?? t("fileInput.none")}
      </span>
    </span>
  );
}
