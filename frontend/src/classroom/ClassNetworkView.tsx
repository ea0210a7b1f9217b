/** A student's network for a teacher, read-only (`#/class/networks/<id>`): drawn as on the canvas,
 * then its layers with their settings, output shapes and parameters (`POST /api/graphs/validate`,
 * which changes nothing). `NetworkDetails` shows a job's trained network the same way. */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ClassNetworkPublic, classApi } from "../api/classroom";
import { api } from "../api/client";
import type { Graph, ValidationResult } from "../api/models";
import { formatMoment } from "../components/moment";
import { formatCount, formatShape } from "../graph/format";
import { NetworkPicture } from "./NetworkPicture";

const settingsOf = (params: Record<string, unknown> | undefined) =>
  Object.entries(params ?? {})
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(", ");

/** A graph, read-only: its totals (validated by the service, which changes nothing), drawn as on
 * the canvas, then a table of its layers with their settings, output shapes and parameters. */
export function NetworkDetails({ graph }: { graph: Graph }) {
  const { t } = useTranslation();
  const [report, setReport] = useState<ValidationResult | null>(null);
  useEffect(() => {
    let live = true;
    api.validate(graph).then(
      (r) => live && setReport(r),
      () => live && setReport(null),
    );
    return () => {
      live = false;
    };
  }, [graph]);
  return (
    <>
      <p data-testid="class-network-total">
        {t("classroom.total", {
          nodes: graph.nodes.length,
          edges: graph.edges?.length ?? 0,
          params: report ? formatCount(report.total_params) : "…",
        })}
        {report && !report.valid && (
          <span className="launch-error"> · {t("classroom.invalid", { count: report.errors.length })}</span>
        )}
      </p>
      <NetworkPicture graph={graph} report={report} />
      <table className="data-table" data-testid="class-network-nodes">
        <thead>
          <tr>
            <th>{t("classroom.node")}</th>
            <th>{t("classroom.layer")}</th>
            <th>{t("classroom.settings")}</th>
            <th>{t("classroom.shape")}</th>
            <th>{t("classroom.params")}</th>
          </tr>
        </thead>
        <tbody>
          {graph.nodes.map((node) => {
            const facts = report?.nodes[node.id];
            return (
              <tr key={node.id}>
                <td>{node.id}</td>
                <td>{node.type}</td>
                <td className="class-settings">{settingsOf(node.params)}</td>
                <td>{formatShape(facts?.output_shape)}</td>
                <td>{formatCount(facts?.params)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

export function ClassNetworkView({ id }: { id: number }) {
  const { t } = useTranslation();
  const [network, setNetwork] = useState<ClassNetworkPublic | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    classApi.network(id).then(
      (answer) => live && setNetwork(answer),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [id]);
  const graph = network?.graph as Graph | undefined;
  return (
    <div className="job-detail" data-testid="class-network">
      <div className="job-head">
        <a href="#/class" className="back">
          ← {t("classroom.back")}
        </a>
        <h1>
          {network ? t("classroom.network", { name: network.owner_name, network: network.name }) : `#${id}`}
        </h1>
      </div>
      <p className="muted">{t("classroom.readOnly")}</p>
      {error && (
        <div className="launch-error" data-testid="class-error">
          {error}
        </div>
      )}
      {network && graph && (
        <>
          <p className="muted">
            {t("classroom.project", {
              project: network.project_name,
              revision: network.revision,
              saved: formatMoment(network.updated_at),
            })}
          </p>
          <NetworkDetails graph={graph} />
        </>
      )}
    </div>
  );
}
