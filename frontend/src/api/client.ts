/** The editor's API calls, through the generated client (http.ts), asking for the UI's language. */
import i18n from "i18next";
import { client, unwrap } from "./http";
import type {
  Catalogue,
  Graph,
  Network,
  NetworkSummary,
  Project,
  Revision,
  RevisionSummary,
  SampleInfo,
  ValidationResult,
} from "./types";

export { ApiError } from "./http";

/** A call with a hand-typed result; the path, parameters and body are checked against the schema. */
const as = <T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> =>
  unwrap(call) as Promise<T>;

/** The fetch behind calls the generated client does not cover (kept for callers that use it). */
export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const response = await fetch(`/api${path}`, {
    method,
    headers: {
      "Accept-Language": i18n.language || "en",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  return as<T>(
    (async () => {
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return response.ok ? { data: parsed, response } : { error: parsed, response };
    })(),
  );
}

const project = (id: number) => ({ params: { path: { project_id: id } } });
const network = (id: number) => ({ params: { path: { network_id: id } } });
const revision = (id: number, number: number) => ({ params: { path: { network_id: id, number } } });

export const api = {
  layers: () => as<Catalogue>(client.GET("/api/layers")),
  validate: (graph: Graph, signal?: AbortSignal) =>
    as<ValidationResult>(client.POST("/api/graphs/validate", { body: graph as never, signal })),
  samples: () => as<SampleInfo[]>(client.GET("/api/samples")),
  sample: (name: string) => as<Graph>(client.GET("/api/samples/{name}", { params: { path: { name } } })),

  projects: () => as<Project[]>(client.GET("/api/projects")),
  createProject: (name: string) => as<Project>(client.POST("/api/projects", { body: { name } })),
  renameProject: (id: number, name: string) =>
    as<Project>(client.PATCH("/api/projects/{project_id}", { ...project(id), body: { name } })),
  deleteProject: (id: number) => as<void>(client.DELETE("/api/projects/{project_id}", project(id))),

  networks: (projectId: number) =>
    as<NetworkSummary[]>(client.GET("/api/projects/{project_id}/networks", project(projectId))),
  createNetwork: (projectId: number, name: string, graph: Graph) =>
    as<Network>(
      client.POST("/api/projects/{project_id}/networks", {
        ...project(projectId),
        body: { name, graph } as never,
      }),
    ),
  network: (id: number) => as<Network>(client.GET("/api/networks/{network_id}", network(id))),
  saveNetwork: (id: number, name: string, graph: Graph) =>
    as<Network>(client.PUT("/api/networks/{network_id}", { ...network(id), body: { name, graph } as never })),
  renameNetwork: (id: number, name: string) =>
    as<Network>(client.PATCH("/api/networks/{network_id}", { ...network(id), body: { name } })),
  deleteNetwork: (id: number) => as<void>(client.DELETE("/api/networks/{network_id}", network(id))),

  revisions: (id: number) =>
    as<RevisionSummary[]>(client.GET("/api/networks/{network_id}/revisions", network(id))),
  revision: (id: number, number: number) =>
    as<Revision>(client.GET("/api/networks/{network_id}/revisions/{number}", revision(id, number))),
  restoreRevision: (id: number, number: number) =>
    as<Network>(client.POST("/api/networks/{network_id}/revisions/{number}/restore", revision(id, number))),
};
