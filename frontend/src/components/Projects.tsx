/** Projects and their networks: list, create, rename, delete, open; revisions of the open network. */
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { NetworkSummary, Project } from "../api/models";
import { useReplaceDocument } from "../hooks/useReplaceDocument";
import { currentGraph, isDirty, keyOf, newNetwork, openNetwork } from "../store/document";
import { useGraphStore } from "../store/graphStore";
import { notify, useSessionStore } from "../store/sessionStore";
import { EditableName } from "./EditableName";
import { Revisions } from "./Revisions";

export function Projects() {
  const { t } = useTranslation();
  const projectId = useSessionStore((s) => s.projectId);
  const networkId = useSessionStore((s) => s.networkId);
  const version = useSessionStore((s) => s.listsVersion);
  const [projects, setProjects] = useState<Project[]>([]);
  const [networks, setNetworks] = useState<NetworkSummary[]>([]);
  const set = useSessionStore((s) => s.set);
  const replace = useReplaceDocument();
  const refresh = () => set({ listsVersion: useSessionStore.getState().listsVersion + 1 });
  const fail = useCallback(
    (error: unknown) => notify("error", error instanceof Error ? error.message : String(error)),
    [],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when the lists may have
  useEffect(() => {
    api.projects().then(setProjects, fail);
  }, [version, fail]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when the lists may have
  useEffect(() => {
    if (projectId === null) return setNetworks([]);
    api.networks(projectId).then(setNetworks, () => setNetworks([]));
  }, [projectId, version]);

  const createProject = async () => {
    const names = new Set(projects.map((p) => p.name));
    let n = projects.length + 1;
    while (names.has(t("projectName", { n }))) n += 1;
    const project = await api.createProject(t("projectName", { n }));
    set({ projectId: project.id });
    refresh();
  };

  const renameNetwork = async (id: number, name: string) => {
    await api.renameNetwork(id, name);
    if (id === networkId) {
      // The open network's name is also the graph's: keep the toolbar (and the next save) in step.
      const clean = !isDirty();
      useGraphStore.getState().setName(name);
      if (clean) set({ savedKey: keyOf(currentGraph()) });
    }
    refresh();
  };

  const deleteNetwork = async (id: number) => {
    await api.deleteNetwork(id);
    if (id === networkId) await newNetwork(t("untitled"));
    refresh();
  };

  const deleteProject = async (id: number) => {
    const contained = id === projectId && networks.some((n) => n.id === networkId);
    await api.deleteProject(id);
    if (id === projectId) set({ projectId: null });
    if (contained) await newNetwork(t("untitled"));
    refresh();
  };

  return (
    <section className="projects" data-testid="projects">
      <div className="panel-title-row">
        <h2 className="panel-title">{t("projects")}</h2>
        <button
          type="button"
          className="small"
          data-testid="new-project"
          onClick={() => void createProject().catch(fail)}
        >
          + {t("newProject")}
        </button>
      </div>
      <div className="projects-list">
        {projects.length === 0 && <p className="panel-note">{t("noProjects")}</p>}
        {projects.map((project) => (
          <div key={project.id} className="project">
            <EditableName
              name={project.name}
              testId={`project-${project.id}`}
              active={project.id === projectId}
              onOpen={() => set({ projectId: project.id })}
              onRename={(name) => void api.renameProject(project.id, name).then(refresh, fail)}
              onDelete={() => void deleteProject(project.id).catch(fail)}
            />
            {project.id === projectId && (
              <div className="networks">
                {networks.length === 0 && <p className="panel-note">{t("noNetworks")}</p>}
                {networks.map((network) => (
                  <EditableName
                    key={network.id}
                    name={network.name}
                    testId={`network-${network.id}`}
                    active={network.id === networkId}
                    onOpen={() => void replace(() => openNetwork(network.id)).catch(fail)}
                    onRename={(name) => void renameNetwork(network.id, name).catch(fail)}
                    onDelete={() => void deleteNetwork(network.id).catch(fail)}
                  />
                ))}
              </div>
            )}
          </div>
        ))}
      </div>
      {networkId !== null && <Revisions networkId={networkId} />}
    </section>
  );
}
