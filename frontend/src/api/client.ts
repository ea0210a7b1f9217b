/** Thin fetch wrappers for the same-origin API under /api, asking for the UI's language. */
import i18n from "i18next";
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

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function describe(detail: unknown): string {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d) => (d && typeof d === "object" && "msg" in d ? String(d.msg) : JSON.stringify(d)))
      .join("; ");
  }
  if (detail && typeof detail === "object" && "message" in detail) return String(detail.message);
  return JSON.stringify(detail);
}

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
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const data: unknown = await response.json();
      if (data && typeof data === "object" && "detail" in data) message = describe(data.detail);
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, message);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  layers: () => request<Catalogue>("GET", "/layers"),
  validate: (graph: Graph, signal?: AbortSignal) =>
    request<ValidationResult>("POST", "/graphs/validate", graph, signal),
  samples: () => request<SampleInfo[]>("GET", "/samples"),
  sample: (name: string) => request<Graph>("GET", `/samples/${encodeURIComponent(name)}`),

  projects: () => request<Project[]>("GET", "/projects"),
  createProject: (name: string) => request<Project>("POST", "/projects", { name }),
  renameProject: (id: number, name: string) => request<Project>("PATCH", `/projects/${id}`, { name }),
  deleteProject: (id: number) => request<void>("DELETE", `/projects/${id}`),

  networks: (projectId: number) => request<NetworkSummary[]>("GET", `/projects/${projectId}/networks`),
  createNetwork: (projectId: number, name: string, graph: Graph) =>
    request<Network>("POST", `/projects/${projectId}/networks`, { name, graph }),
  network: (id: number) => request<Network>("GET", `/networks/${id}`),
  saveNetwork: (id: number, name: string, graph: Graph) =>
    request<Network>("PUT", `/networks/${id}`, { name, graph }),
  renameNetwork: (id: number, name: string) => request<Network>("PATCH", `/networks/${id}`, { name }),
  deleteNetwork: (id: number) => request<void>("DELETE", `/networks/${id}`),

  revisions: (id: number) => request<RevisionSummary[]>("GET", `/networks/${id}/revisions`),
  revision: (id: number, number: number) => request<Revision>("GET", `/networks/${id}/revisions/${number}`),
  restoreRevision: (id: number, number: number) =>
    request<Network>("POST", `/networks/${id}/revisions/${number}/restore`),
};
