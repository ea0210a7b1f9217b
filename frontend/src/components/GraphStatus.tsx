/**
 * The validity summary: valid, or how many errors and warnings. Clicking it lists every problem
 * (graph-wide ones too, such as an empty canvas's, and those inside units, naming the unit's
 * tab); clicking one on a node shows its tab, selects the node and centres it.
 */
import { useReactFlow } from "@xyflow/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { Issue } from "../api/models";
import type { LayerNode } from "../graph/types";
import { useGraphStore } from "../store/graphStore";
import { lacksLoss, useProblemsStore } from "../store/problemsStore";
import { openTab } from "../store/units";
import { type FullResult, useValidationStore } from "../store/validationStore";
import { isEmptyNetwork, statusWords } from "./statusWords";

interface Problem extends Issue {
  kind: "error" | "warning";
  /** The tab the problem's node is on: null for the network, else a unit's name. */
  tab: string | null;
}

/** Every problem of the answer: the network's, then each unit's. */
function problemsOf(full: FullResult | null): Problem[] {
  const of = (issues: Issue[] | undefined, kind: Problem["kind"], tab: string | null) =>
    (issues ?? []).map((i): Problem => ({ ...i, kind, tab }));
  const units = Object.entries(full?.units ?? {});
  return [
    ...of(full?.errors, "error", null),
    ...units.flatMap(([name, u]) => of(u.errors, "error", name)),
    ...of(full?.warnings, "warning", null),
    ...units.flatMap(([name, u]) => of(u.warnings, "warning", name)),
  ];
}

/** The list's width in CSS pixels (`.problems` in styles.css). */
const LIST_WIDTH = 380;

function ProblemsList({
  problems,
  onPick,
  left,
}: {
  problems: Problem[];
  onPick(problem: Problem): void;
  left: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div
      className={`problems${left ? " problems-left" : ""}`}
      data-testid="problems"
      role="dialog"
      aria-label={t("problems")}
    >
      <div className="problems-title">{t("problems")}</div>
      {problems.length === 0 ? (
        <p className="panel-note">{t("noProblems")}</p>
      ) : (
        <ul className="problems-list">
          {problems.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the answer's order is the problems' identity
            <li key={i}>
              <button
                type="button"
                className={`problem ${p.kind}`}
                data-testid="problem"
                data-kind={p.kind}
                data-node={p.node ?? ""}
                disabled={!p.node}
                onClick={() => onPick(p)}
              >
                <span className="problem-kind">
                  {t(p.kind === "error" ? "problemError" : "problemWarning")}
                </span>
                <span className="problem-tab" data-testid="problem-tab">
                  {p.tab === null ? t("units.network") : t("units.inUnit", { name: p.tab })}
                </span>
                {p.node && <code className="problem-node">{p.node}</code>}
                {!p.node && p.edge != null && (
                  <code className="problem-node">{t("problemEdge", { edge: p.edge })}</code>
                )}
                <span className="problem-message">{p.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {problems.some((p) => p.node) && <p className="panel-note">{t("problemsHint")}</p>}
    </div>
  );
}

export function GraphStatus() {
  const { t } = useTranslation();
  const flow = useReactFlow<LayerNode>();
  const full = useValidationStore((s) => s.full);
  const pending = useValidationStore((s) => s.pending);
  const error = useValidationStore((s) => s.error);
  const open = useProblemsStore((s) => s.open);
  const setOpen = useProblemsStore((s) => s.setOpen);
  const box = useRef<HTMLDivElement>(null);
  const valid = full?.valid === true;
  const problems = problemsOf(full);
  const errorCount = problems.filter((p) => p.kind === "error").length;
  const empty = useGraphStore(isEmptyNetwork);

  useEffect(() => {
    if (!open) return;
    const onDown = (event: PointerEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    window.addEventListener("pointerdown", onDown);
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("pointerdown", onDown);
      window.removeEventListener("keydown", onKey);
    };
  }, [open, setOpen]);

  const pick = (problem: Problem) => {
    const id = problem.node;
    if (!id) return;
    openTab(problem.tab);
    useGraphStore.getState().select([id]);
    const node = flow.getNode(id);
    if (node) {
      const x = node.position.x + (node.measured?.width ?? 0) / 2;
      const y = node.position.y + (node.measured?.height ?? 0) / 2;
      void flow.setCenter(x, y, { zoom: flow.getZoom(), duration: 200 });
    }
    setOpen(false);
  };

  const { label, warnings, tone } = statusWords(t, {
    unreachable: error !== null,
    checked: full !== null,
    valid,
    errors: errorCount,
    warnings: problems.length - errorCount,
    empty,
    noLoss: lacksLoss(full),
  });
  return (
    <div className="graph-status-box" ref={box}>
      <button
        type="button"
        className={`graph-status ${tone}${pending ? " pending" : ""}`}
        data-testid="graph-status"
        data-valid={valid ? "true" : "false"}
        data-tone={tone}
        data-pending={pending ? "true" : "false"}
        aria-expanded={open}
        title={error ?? (empty ? t("emptyNetwork") : t("problems"))}
        onClick={() => setOpen(!open)}
      >
        <span className="graph-status-dot" />
        <span>{label}</span>
        {warnings > 0 && <span className="graph-status-warnings">{t("warnings", { count: warnings })}</span>}
      </button>
      {open && (
        <ProblemsList
          problems={problems}
          onPick={pick}
          // Opened leftwards from the summary, unless that would leave the window (a narrow one
          // wraps the toolbar and puts the summary at the left edge).
          left={(box.current?.getBoundingClientRect().right ?? Number.POSITIVE_INFINITY) < LIST_WIDTH}
        />
      )}
    </div>
  );
}
