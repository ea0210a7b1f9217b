/** The class view's calls (backend/routes/classroom.py): read-only, for teachers and admins. */
import { client, unwrap } from "./http";

export type { ClassJob, ClassNetwork, ClassNetworkPublic, JobBrief, StudentJobs } from "./models";

export const classApi = {
  students: () => unwrap(client.GET("/api/class/students")),
  job: (id: number) => unwrap(client.GET("/api/class/jobs/{job_id}", { params: { path: { job_id: id } } })),
  networks: (userId: number) =>
    unwrap(client.GET("/api/class/students/{user_id}/networks", { params: { path: { user_id: userId } } })),
  network: (id: number) =>
    unwrap(client.GET("/api/class/networks/{network_id}", { params: { path: { network_id: id } } })),
};
