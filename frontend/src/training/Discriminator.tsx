/** A GAN's evaluation (discriminator.ts): in place of a classifier's report, which would be
 * about heads that each see one class only, a table of how often the discriminator gives the
 * answer each loss asks for ("real" for ones, "fake" for zeros), and why. */
import { useTranslation } from "react-i18next";
import type { Evaluation } from "../api/jobs";
import { percentText as percent } from "../components/percent";
import { discriminatorRows } from "./discriminator";

export function DiscriminatorReport({ evaluation }: { evaluation: Evaluation }) {
  const { t } = useTranslation();
  return (
    <section className="evaluation discriminator" data-testid="discriminator-report">
      <h2>{t("gan.title")}</h2>
      <p className="muted">{t("gan.why")}</p>
      <table className="data-table" data-testid="discriminator-table">
        <thead>
          <tr>
            <th>{t("gan.loss")}</th>
            <th>{t("gan.head")}</th>
            <th>{t("gan.wanted")}</th>
            <th>{t("gan.right")}</th>
          </tr>
        </thead>
        <tbody>
          {discriminatorRows(evaluation).map((row) => (
            <tr key={row.loss} data-testid={`discriminator-${row.loss}`}>
              <th>{row.loss}</th>
              <td>{row.head}</td>
              <td>{t(`gan.${row.wanted}`)}</td>
              <td>{percent(row.right)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t("gan.reading")}</p>
    </section>
  );
}
