/**
 * Every evaluated prediction of a job, or of one confusion cell, paged from the service
 * (`GET /api/jobs/{id}/predictions`), "N of M" while the list is cut. A job from before the
 * service kept them all lists the evaluation's kept predictions and says how many of M those are.
 */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/http";
import { jobsApi, type Prediction, type PredictionSource, type SampleInput } from "../api/jobs";
import { appendPage, type Loaded } from "./predictionList";
import { SampleView } from "./SampleView";

interface Props {
  jobId: number;
  /** Class indices of the cell; both left out: every prediction. */
  actual?: number;
  predicted?: number;
  /** How many predictions the list has in all (a cell's count, or the evaluated samples). */
  expected: number;
  /** The evaluation's kept predictions of the same list, for a job without stored ones. */
  fallback: Prediction[];
  inputs: Map<number, SampleInput>;
  pageSize: number;
  testid: string;
  /** The owner's routes unless told (a teacher reads a student's job through the class's). */
  source?: PredictionSource;
}

const percent = (p: number) => `${(p * 100).toFixed(1)}%`;

export function PredictionList({
  jobId,
  actual,
  predicted,
  expected,
  fallback,
  inputs,
  pageSize,
  testid,
  source = jobsApi.predictions,
}: Props) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [kept, setKept] = useState(false); // the service has no stored predictions: the fallback
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const list = `${jobId}/${actual}/${predicted}/${pageSize}`;
  const current = useRef(list); // an answer for another cell, clicked away from, is dropped
  current.current = list;

  const load = (from: Loaded | null) => {
    setBusy(true);
    const offset = from?.rows.length ?? 0;
    const asked = list;
    return source(jobId, { actual, predicted, offset, limit: pageSize })
      .then((page) => asked === current.current && setLoaded(appendPage(from, page)))
      .catch((e: unknown) => {
        if (asked !== current.current) return;
        if (e instanceof ApiError && e.status === 404) setKept(true);
        else setError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => setBusy(false));
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new list when the cell changes
  useEffect(() => {
    setLoaded(null);
    setKept(false);
    setError(null);
    void load(null);
  }, [list]);

  const rows = kept ? fallback : (loaded?.rows ?? []);
  const total = kept ? expected : (loaded?.total ?? expected);
  return (
    <div className="prediction-list" data-testid={testid}>
      <p className="muted" data-testid={`${testid}-count`}>
        {kept
          ? t("training.evaluation.keptOnly", { shown: rows.length, total })
          : rows.length < total
            ? t("training.evaluation.rowsSome", { shown: rows.length, total })
            : t("training.evaluation.rowsAll", { count: total })}
        {!kept && loaded && loaded.total < expected && (
          <> {t("training.evaluation.storedSome", { shown: loaded.total, total: expected })}</>
        )}
      </p>
      {error && <div className="launch-error">{error}</div>}
      {rows.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t("training.evaluation.index")}</th>
              <th />
              <th>{t("training.evaluation.label")}</th>
              <th>{t("training.evaluation.predicted")}</th>
              <th>{t("training.evaluation.top3")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr
                key={p.index}
                data-testid={`${testid}-row`}
                className={p.label !== undefined && p.label !== p.predicted ? "wrong" : undefined}
              >
                <td>{p.index}</td>
                <td>
                  <SampleView sample={inputs.get(p.index)} />
                </td>
                <td>{p.label ?? JSON.stringify(p.target)}</td>
                <td>{typeof p.predicted === "string" ? p.predicted : JSON.stringify(p.predicted)}</td>
                <td>{p.top3?.map((x) => `${x.class} ${percent(x.p)}`).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!kept && loaded && rows.length < loaded.total && (
        <button
          type="button"
          data-testid={`${testid}-more`}
          disabled={busy}
          onClick={() => void load(loaded)}
        >
          {t("training.evaluation.more", { count: Math.min(pageSize, loaded.total - rows.length) })}
        </button>
      )}
    </div>
  );
}
