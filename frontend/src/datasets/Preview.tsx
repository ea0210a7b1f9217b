/** One dataset's preview: samples with labels (a classification's from each class in turn),
 * class counts per split, split sizes, and an upload's warnings (worded by the API in the
 * request's language). */
import { useTranslation } from "react-i18next";
import type { DatasetPreview, DatasetWarning, PreviewSample } from "../api/models";
import { countRows, labelText, valueTable } from "./format";

export function Preview({ preview }: { preview: DatasetPreview }) {
  const { t } = useTranslation();
  return (
    <div className="ds-preview">
      <section>
        <h3 className="ds-subtitle">
          {t(preview.class_counts ? "datasetsPage.classSamples" : "datasetsPage.firstSamples", {
            count: preview.samples.length,
          })}
        </h3>
        <ul className={`ds-grid ${preview.kind}`} data-testid="preview-grid">
          {preview.samples.map((sample, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: samples are a fixed list in the API's order
            <Sample key={i} sample={sample} kinds={preview.more_kinds ?? {}} />
          ))}
        </ul>
      </section>
      <div className="ds-stats">
        <SplitSizes sizes={preview.sizes} />
        {preview.class_counts && <ClassCounts counts={preview.class_counts} />}
      </div>
      {preview.warnings && preview.warnings.length > 0 && <Warnings warnings={preview.warnings} />}
    </div>
  );
}

function Warnings({ warnings }: { warnings: DatasetWarning[] }) {
  const { t } = useTranslation();
  return (
    <section className="ds-warnings" data-testid="dataset-warnings">
      <h3 className="ds-subtitle">{t("datasetsPage.warnings")}</h3>
      <ul>
        {warnings.map((warning) => (
          <li key={warning.message} data-code={warning.code}>
            {warning.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Sample({ sample, kinds }: { sample: PreviewSample; kinds: Record<string, string> }) {
  const more = Object.entries(sample.more_inputs ?? {});
  const labels = Object.entries(sample.more_labels ?? {}).map(
    ([name, value]) => `${name}: ${labelText(value)}`,
  );
  const label = [labelText(sample.label), ...labels].join(" · ");
  const x = sample.image ? (
    <img src={sample.image} alt={label} className="ds-image" />
  ) : (
    <Values values={sample.values ?? []} />
  );
  return (
    <li className={`ds-sample${more.length > 0 ? " wide" : ""}`} data-testid="preview-sample">
      {more.length > 0 ? (
        <div className="ds-vars">
          <figure data-testid="preview-var" data-name="x">
            {x}
            <figcaption>x</figcaption>
          </figure>
          {more.map(([name, value]) => (
            <figure key={name} data-testid="preview-var" data-name={name}>
              {kinds[name] === "image" && typeof value === "string" ? (
                <img src={value} alt={name} className="ds-image" />
              ) : (
                <Values values={Array.isArray(value) ? value : []} />
              )}
              <figcaption>{name}</figcaption>
            </figure>
          ))}
        </div>
      ) : (
        x
      )}
      <span className="ds-label" data-testid="preview-label" title={label}>
        {label}
      </span>
    </li>
  );
}

function Values({ values }: { values: unknown[] }) {
  const { t } = useTranslation();
  const table = valueTable(values);
  return (
    <table className="ds-values">
      <tbody>
        {table.rows.map((row, r) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows of a fixed table
          <tr key={r}>
            {row.map((cell, c) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: cells of a fixed table
              <td key={c}>{cell}</td>
            ))}
          </tr>
        ))}
        {table.clipped && (
          <tr>
            <td className="ds-more">{t("datasetsPage.more")}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** A split's name as the page shows it: training, validation, test. */
export function splitName(t: (key: string) => string, split: string): string {
  const known = ["train", "validation"];
  if (split === "test") return t("testSets.splitName");
  return known.includes(split) ? t(`datasetsPage.splits.${split}`) : split;
}

function SplitSizes({ sizes }: { sizes: Record<string, number> }) {
  const { t } = useTranslation();
  return (
    <section>
      <h3 className="ds-subtitle">{t("datasetsPage.splitSizes")}</h3>
      <dl className="ds-sizes" data-testid="split-sizes">
        {Object.entries(sizes).map(([split, size]) => (
          <div key={split} data-split={split}>
            <dt>{splitName(t, split)}</dt>
            <dd>{size.toLocaleString()}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ClassCounts({ counts }: { counts: Record<string, Record<string, number>> }) {
  const { t } = useTranslation();
  const rows = countRows(counts);
  const max = Math.max(1, ...rows.flatMap((row) => row.splits.map((s) => s.count)));
  return (
    <section>
      <h3 className="ds-subtitle">{t("datasetsPage.classCounts")}</h3>
      <div className="ds-legend">
        {Object.keys(counts).map((split, i) => (
          <span key={split} className={`ds-key s${i}`}>
            {splitName(t, split)}
          </span>
        ))}
      </div>
      <ul className="ds-counts" data-testid="class-counts">
        {rows.map((row) => (
          <li key={row.name} data-class={row.name}>
            <span className="ds-count-name" title={row.name}>
              {row.name}
            </span>
            <span className="ds-bars">
              {row.splits.map((s, i) => (
                <span key={s.split} className="ds-bar-row" data-split={s.split}>
                  <span className={`ds-bar s${i}`} style={{ width: `${(100 * s.count) / max}%` }} />
                  <span className="ds-bar-value">{s.count}</span>
                </span>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
