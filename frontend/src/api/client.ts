/** The editor's API calls, through the generated client (http.ts), asking for the UI's language. */
import { client, unwrap } from "./http";
import type { Graph, LaunchPreset } from "./models";
import type { components } from "./schema";
import type { Catalogue } from "./types";

type PreviewRequest = components["schemas"]["PreviewRequest"];

export { ApiError } from "./http";

/** A call whose answer the editor reads through a narrower type (the catalogue). */
const as = <T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> =>
  unwrap(call) as Promise<T>;

const project = (id: number) => ({ params: { path: { project_id: id } } });
const network = (id: number) => ({ params: { path: { network_id: id } } });
const revision = (id: number, number: number) => ({ params: { path: { network_id: id, number } } });

export const api = {
  layers: () => as<Catalogue>(client.GET("/api/layers")),
  previewAugmentation: (body: PreviewRequest) => unwrap(client.POST("/api/layers/preview", { body })),
  validate: (graph: Graph, signal?: AbortSignal) =>
    unwrap(client.POST("/api/graphs/validate", { body: graph, signal })),
  samples: () => unwrap(client.GET("/api/samples")),
  sample: (name: string) =>
    unwrap(client.GET("/api/samples/{name}", { params: { path: { name }, query: { include: "lesson" } } })),

  projects: () => unwrap(client.GET("/api/projects")),
  createProject: (name: string) => unwrap(client.POST("/api/projects", { body: { name } })),
  renameProject: (id: number, name: string) =>
    unwrap(client.PATCH("/api/projects/{project_id}", { ...project(id), body: { name } })),
  deleteProject: (id: number) => unwrap(client.DELETE("/api/projects/{project_id}", project(id))),

  networks: (projectId: number) =>
    unwrap(client.GET("/api/projects/{project_id}/networks", project(projectId))),
  createNetwork: (
    projectId: number,
    name: string,
    graph: Graph,
    sample?: string | null,
    launch?: LaunchPreset,
  ) =>
    unwrap(
      client.POST("/api/projects/{project_id}/networks", {
        ...project(projectId),
        body: { name, graph, ...(sample ? { sample } : {}), ...(launch ? { launch } : {}) },
      }),
    ),
  network: (id: number) => unwrap(client.GET("/api/networks/{network_id}", network(id))),
  /** A save; `launch` and `sample` only for a network the server keeps no preset for yet. */
  saveNetwork: (id: number, name: string, graph: Graph, launch?: LaunchPreset, sample?: string | null) =>
    unwrap(
      client.PUT("/api/networks/{network_id}", {
        ...network(id),
        body: { name, graph, ...(launch ? { launch } : {}), ...(sample ? { sample } : {}) },
      }),
    ),
  renameNetwork: (id: number, name: string) =>
    unwrap(client.PATCH("/api/networks/{network_id}", { ...network(id), body: { name } })),
  deleteNetwork: (id: number) => unwrap(client.DELETE("/api/networks/{network_id}", network(id))),

  revisions: (id: number) => unwrap(client.GET("/api/networks/{network_id}/revisions", network(id))),
  revision: (id: number, number: number) =>
    unwrap(client.GET("/api/networks/{network_id}/revisions/{number}", revision(id, number))),
  restoreRevision: (id: number, number: number) =>
    unwrap(client.POST("/api/networks/{network_id}/revisions/{number}/restore", revision(id, number))),
};
