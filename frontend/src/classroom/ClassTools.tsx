/** The class table's tools: its filter (student, network, status), the jobs picked to compare
 * and the button that opens their curves, and "Show more" under a page of students. Their state
 * lives in `classStore`, so it is there again after a teacher opens a job and comes back. */
import { useTranslation } from "react-i18next";
import { JOB_STATUSES } from "../api/models";
import { go } from "../training/route";
import { useClassStore } from "./classStore";

export function FilterBar() {
  const { t } = useTranslation();
  const filter = useClassStore((s) => s.filter);
  const setFilter = useClassStore((s) => s.setFilter);
  return (
    <search className="class-filter" data-testid="class-filter">
      <label>
        {t("classroom.filter.student")}
        <input
          type="search"
          data-testid="class-filter-student"
          value={filter.student}
          placeholder={t("classroom.filter.placeholder")}
          spellCheck={false}
          onChange={(e) => setFilter({ student: e.target.value })}
        />
      </label>
      <label>
        {t("classroom.filter.network")}
        <input
          type="search"
          data-testid="class-filter-network"
          value={filter.network}
          placeholder={t("classroom.filter.placeholder")}
          spellCheck={false}
          onChange={(e) => setFilter({ network: e.target.value })}
        />
      </label>
      <label>
        {t("classroom.filter.status")}
        <select
          data-testid="class-filter-status"
          value={filter.status}
          onChange={(e) => setFilter({ status: e.target.value as typeof filter.status })}
        >
          <option value="">{t("classroom.filter.anyStatus")}</option>
          {JOB_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`training.jobs.status_${status}`)}
            </option>
          ))}
        </select>
      </label>
    </search>
  );
}

/** Opens the picked jobs' curves in one chart (two or more), or clears the picks. */
export function CompareBar() {
  const { t } = useTranslation();
  const picked = useClassStore((s) => s.picked);
  const clearPicks = useClassStore((s) => s.clearPicks);
  return (
    <p className="compare-bar" data-testid="class-compare-bar">
      <button
        type="button"
        data-testid="class-compare-open"
        disabled={picked.length < 2}
        onClick={() => go(`#/class/compare/${picked.join(",")}`)}
      >
        {t("classroom.compare.button", { count: picked.length })}
      </button>{" "}
      {picked.length > 0 && (
        <button type="button" data-testid="class-compare-clear" onClick={clearPicks}>
          {t("classroom.compare.clear")}
        </button>
      )}{" "}
      <span className="muted">{t("classroom.compare.hint")}</span>
    </p>
  );
}

/** How many students of the match show, and a button for the next page while there are more. */
export function MoreStudents({ shown, total }: { shown: number; total: number }) {
  const { t } = useTranslation();
  const showMore = useClassStore((s) => s.showMore);
  if (total <= shown) return null;
  return (
    <p className="class-more">
      <span className="muted" data-testid="class-shown">
        {t("classroom.filter.shown", { shown, total })}
      </span>{" "}
      <button type="button" data-testid="class-more" onClick={showMore}>
        {t("classroom.filter.more")}
      </button>
    </p>
  );
}
