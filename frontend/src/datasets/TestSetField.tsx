/** The upload's test split: none, a test zip checked against the dataset, or a fraction of its rows held out. */
import { useTranslation } from "react-i18next";
import type { TestSet } from "../api/datasets";
import { FileInput } from "../components/FileInput";

type Kind = "none" | "file" | "fraction";
const DEFAULT_FRACTION = 0.2;

const kindOf = (value: TestSet): Kind => (value === null ? "none" : "file" in value ? "file" : "fraction");

export function TestSetField({
  value,
  onChange,
  disabled,
}: {
  value: TestSet;
  onChange: (value: TestSet) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const kind = kindOf(value);
  const choose = (next: Kind) =>
    onChange(next === "none" ? null : next === "file" ? { file: null } : { fraction: DEFAULT_FRACTION });
  return (
    <fieldset className="ds-field ds-test" data-testid="upload-test">
      <legend>{t("testSets.legend")}</legend>
      <select
        data-testid="upload-test-kind"
        value={kind}
        disabled={disabled}
        onChange={(e) => choose(e.target.value as Kind)}
      >
        <option value="none">{t("testSets.none")}</option>
        <option value="file">{t("testSets.file")}</option>
        <option value="fraction">{t("testSets.fraction")}</option>
      </select>
      {kind === "file" && (
        <FileInput
          accept=".zip,application/zip,application/x-zip-compressed"
          data-testid="upload-test-file"
          disabled={disabled}
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            onChange({ file: chosen ?? null });
          }}
        />
      )}
      {value !== null && "fraction" in value && (
        <label>
          <span>{t("testSets.fractionLabel")}</span>
          <input
            type="number"
            data-testid="upload-test-fraction"
            min={0.05}
            max={0.5}
            step={0.05}
            value={value.fraction}
            disabled={disabled}
            onChange={(e) => onChange({ fraction: Number(e.target.value) })}
          />
        </label>
      )}
      <small className="ds-muted">
        {kind === "none"
          ? t("testSets.help_none")
          : kind === "file"
            ? t("testSets.help_file")
            : t("testSets.help_fraction")}
      </small>
    </fieldset>
  );
}
