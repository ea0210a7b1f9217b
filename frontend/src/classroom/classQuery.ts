/** The class table's filter as the page keeps it, and the query it asks the service with
 * (`GET /api/class/students`): empty fields left out, whole pages of students. */

import type { JobStatus } from "../api/jobs";
import type { ClassQuery } from "../api/models";

/** Students per page: a "Show more" adds this many. */
export const PAGE_STUDENTS = 20;

export interface ClassFilter {
  student: string;
  network: string;
  /** One state, or "" for any. */
  status: JobStatus | "";
}

export const NO_FILTER: ClassFilter = { student: "", network: "", status: "" };

/** The query for the first `pages` pages under `filter`. */
export function classQuery(filter: ClassFilter, pages: number): ClassQuery {
  const query: ClassQuery = { limit: PAGE_STUDENTS * Math.max(1, pages) };
  const student = filter.student.trim();
  const network = filter.network.trim();
  if (student) query.student = student;
  if (network) query.network = network;
  if (filter.status) query.status = [filter.status];
  return query;
}

/** Whether any field narrows the class. */
export const filtering = (filter: ClassFilter): boolean =>
  Boolean(filter.student.trim() || filter.network.trim() || filter.status);
