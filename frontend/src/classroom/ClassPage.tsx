/** The class view (`#/class`): every student and their jobs, refreshed every few seconds, a waiting
 * job with why it waits; a student's networks on demand. The table is filtered (student, network,
 * status) and paged by the service (`ClassTools`); jobs picked in it open their curves in one chart
 * (`#/class/compare/<ids>`). A job opens read-only (`#/class/jobs/<id>`), so does a network. A
 * student sees only what is published, on any of these routes (a link a teacher shared, say). */
import { Fragment, useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ClassNetwork, classApi, type JobBrief, type StudentJobs } from "../api/classroom";
import { useAuthStore } from "../auth/authStore";
import { bestText, epochText } from "./best";
import { ClassCompare } from "./ClassCompare";
import { ClassJobView } from "./ClassJobView";
import { ClassNetworkView } from "./ClassNetworkView";
import { Published } from "./Published";
import "./classroom.css";
import { formatMoment } from "../components/moment";
import { useDebounced } from "../hooks/useDebounced";
import { usePolled } from "../hooks/usePolled";
import { CompareBar, FilterBar, MoreStudents } from "./ClassTools";
import { classQuery, filtering } from "./classQuery";
import { useClassStore } from "./classStore";

const REFRESH_MS = 3000;
const TYPING_MS = 300;
const COLUMNS = 8;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const when = (moment: string | null | undefined) => (moment ? formatMoment(moment) : "–");

function JobCells({ job }: { job: JobBrief }) {
  const { t } = useTranslation();
  const best = bestText(job);
  const picked = useClassStore((s) => s.picked.includes(job.id));
  const togglePick = useClassStore((s) => s.togglePick);
  return (
    <>
      <td className="class-job-cell">
        <input
          type="checkbox"
          data-testid={`class-pick-${job.id}`}
          aria-label={t("classroom.compare.pickJob", { id: job.id })}
          title={t("classroom.compare.pickJob", { id: job.id })}
          checked={picked}
          onChange={() => togglePick(job.id)}
        />{" "}
        <a href={`#/class/jobs/${job.id}`} data-testid={`class-job-link-${job.id}`}>
          #{job.id}
        </a>
      </td>
      <td data-testid="class-network-name">{job.network_name}</td>
      <td>
        <span className={`status status-${job.status}`}>{t(`training.jobs.status_${job.status}`)}</span>
        {job.reason && job.status !== "succeeded" && job.status !== "running" && (
          <div className="class-reason muted" data-testid="class-reason">
            {job.reason}
          </div>
        )}
      </td>
      <td data-testid="class-dataset" title={job.dataset}>
        {job.dataset_name ?? job.dataset}
      </td>
      <td data-testid="class-epoch">{epochText(job)}</td>
      <td data-testid="class-best">{best ? t(best.key, { value: best.value }) : "–"}</td>
      <td>{when(job.created_at)}</td>
      <td>{when(job.finished_at)}</td>
    </>
  );
}

function Networks({ student }: { student: StudentJobs }) {
  const { t } = useTranslation();
  const [networks, setNetworks] = useState<ClassNetwork[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    classApi.networks(student.id).then(setNetworks, (e: unknown) => setError(message(e)));
  }, [student.id]);
  if (error) return <p className="launch-error">{error}</p>;
  if (networks === null) return <p className="muted">…</p>;
  if (networks.length === 0) return <p className="muted">{t("classroom.noNetworks")}</p>;
  return (
    <ul className="class-networks" data-testid={`class-networks-${student.id}`}>
      {networks.map((n) => (
        <li key={n.id}>
          <a href={`#/class/networks/${n.id}`}>{n.name}</a>{" "}
          <span className="muted">
            {n.project_name} · r{n.revision} · {when(n.updated_at)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function StudentRows({ student }: { student: StudentJobs }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const rows = Math.max(student.jobs.length, 1);
  const name = (
    <th rowSpan={rows} className="class-student" scope="row">
      <div>{student.name}</div>
      <button
        type="button"
        className="link-button"
        data-testid={`class-networks-toggle-${student.id}`}
        onClick={() => setOpen(!open)}
      >
        {open ? t("classroom.hideNetworks") : t("classroom.networks")}
      </button>
    </th>
  );
  return (
    <>
      {student.jobs.length === 0 ? (
        <tr data-testid={`class-student-${student.id}`} data-name={student.name}>
          {name}
          <td colSpan={COLUMNS} className="muted">
            {t("classroom.noJobs")}
          </td>
        </tr>
      ) : (
        student.jobs.map((job, i) => (
          <tr
            key={job.id}
            data-testid={`class-job-${job.id}`}
            data-status={job.status}
            data-student={student.name}
          >
            {i === 0 && name}
            <JobCells job={job} />
          </tr>
        ))
      )}
      {open && (
        <tr>
          <td colSpan={COLUMNS + 1}>
            <Networks student={student} />
          </td>
        </tr>
      )}
    </>
  );
}

function ClassTable() {
  const { t } = useTranslation();
  const filter = useDebounced(
    useClassStore((s) => s.filter),
    TYPING_MS,
  );
  const pages = useClassStore((s) => s.pages);
  const query = useMemo(() => classQuery(filter, pages), [filter, pages]);
  const load = useCallback(() => classApi.students(query), [query]);
  const { value: page, error } = usePolled(load, REFRESH_MS);
  const students = page?.students ?? null;
  return (
    <div className="class-table">
      <h1>{t("classroom.title")}</h1>
      <p className="muted">{t("classroom.intro")}</p>
      <FilterBar />
      <CompareBar />
      {error && (
        <div className="launch-error" data-testid="class-error">
          {error}
        </div>
      )}
      {students !== null && students.length === 0 && (
        <p className="muted" data-testid="class-none">
          {filtering(filter) ? t("classroom.filter.noMatch") : t("classroom.empty")}
        </p>
      )}
      {students !== null && students.length > 0 && (
        <table className="data-table" data-testid="class-students">
          <thead>
            <tr>
              <th>{t("classroom.student")}</th>
              <th>{t("classroom.job")}</th>
              <th>{t("classroom.filter.network")}</th>
              <th>{t("classroom.status")}</th>
              <th>{t("classroom.dataset")}</th>
              <th>{t("classroom.epoch")}</th>
              <th title={t("classroom.bestHelp")} data-testid="class-best-head">
                {t("classroom.best")}
              </th>
              <th>{t("classroom.created")}</th>
              <th>{t("classroom.finished")}</th>
            </tr>
          </thead>
          <tbody>
            {students.map((student) => (
              <Fragment key={student.id}>
                <StudentRows student={student} />
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      {page && <MoreStudents shown={page.students.length} total={page.total} />}
    </div>
  );
}

/** A teacher's class: the students' table, then what is published; a student's: what is published. */
export function ClassPage({
  jobId,
  networkId,
  compareIds = null,
}: {
  jobId: number | null;
  networkId: number | null;
  compareIds?: number[] | null;
}) {
  const { t } = useTranslation();
  const role = useAuthStore((s) => s.user?.role);
  const teaching = role === "teacher" || role === "admin";
  const home = jobId === null && networkId === null && compareIds === null;
  return (
    <div className="jobs-page class-page" data-testid="class-page">
      {teaching && compareIds !== null && <ClassCompare ids={compareIds} />}
      {teaching && jobId !== null && <ClassJobView key={jobId} id={jobId} />}
      {teaching && networkId !== null && <ClassNetworkView key={networkId} id={networkId} />}
      {teaching && home && <ClassTable />}
      {!teaching && !home && (
        <p className="muted" data-testid="class-teachers-only">
          {t("classroom.teachersOnly")}
        </p>
      )}
      {(home || !teaching) && <Published />}
    </div>
  );
}
