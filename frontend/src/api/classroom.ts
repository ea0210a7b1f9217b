/** The class's calls: the class view (backend/routes/classroom.py, read-only, for teachers and admins)
 * and what teachers publish to the class (backend/routes/published.py, seen and copied by everyone). */
import { client, unwrap } from "./http";
import type { ClassQuery, PredictionQuery, PublicationCreate, StudentJobs } from "./models";

export type {
  ClassJob,
  ClassNetwork,
  ClassNetworkPublic,
  ClassQuery,
  Copied,
  JobBrief,
  Publication,
  PublicationCreate,
  PublicationPublic,
  StudentJobs,
} from "./models";

const publication = (id: number) => ({ params: { path: { publication_id: id } } });

/** One page of the class table, and how many students match over all pages. */
export interface StudentsPage {
  students: StudentJobs[];
  total: number;
}

export const classApi = {
  students: async (query: ClassQuery = {}): Promise<StudentsPage> => {
    const call = client.GET("/api/class/students", { params: { query } });
    const students = await unwrap(call);
    const total = Number((await call).response.headers.get("X-Total-Count") ?? Number.NaN);
    return { students, total: Number.isFinite(total) ? total : students.length };
  },
  job: (id: number) => unwrap(client.GET("/api/class/jobs/{job_id}", { params: { path: { job_id: id } } })),
  /** The network a student's job trained, as it was launched. */
  graph: (id: number) =>
    unwrap(client.GET("/api/class/jobs/{job_id}/graph", { params: { path: { job_id: id } } })),
  /** A student's job's predictions and samples, as the owner's job routes answer them. */
  predictions: (id: number, query: PredictionQuery) =>
    unwrap(client.GET("/api/class/jobs/{job_id}/predictions", { params: { path: { job_id: id }, query } })),
  samples: (id: number) =>
    unwrap(client.GET("/api/class/jobs/{job_id}/samples", { params: { path: { job_id: id } } })),
  networks: (userId: number) =>
    unwrap(client.GET("/api/class/students/{user_id}/networks", { params: { path: { user_id: userId } } })),
  network: (id: number) =>
    unwrap(client.GET("/api/class/networks/{network_id}", { params: { path: { network_id: id } } })),
  published: () => unwrap(client.GET("/api/class/published")),
  publish: (body: PublicationCreate) => unwrap(client.POST("/api/class/published", { body })),
  unpublish: (id: number) => unwrap(client.DELETE("/api/class/published/{publication_id}", publication(id))),
  copy: (id: number, projectId?: number) =>
    unwrap(
      client.POST("/api/class/published/{publication_id}/copy", {
        ...publication(id),
        body: projectId === undefined ? null : { project_id: projectId },
      }),
    ),
};
