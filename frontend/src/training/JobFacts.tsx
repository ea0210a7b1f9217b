/** Pieces of the jobs pages: the optimizer a job ran with (each phase's own for a job with
 * phases, a GAN) and why a queued job waits, under its status in the jobs list. */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Job, jobsApi } from "../api/jobs";
import type { Phase } from "../graph/phases";
import { phaseOptimizers, waitReason } from "./jobFacts";
import { optimizerName } from "./launchForm";

const NO_PHASES: Phase[] = [];

/** The phases the job's graph trained in (none until read, or when it has none). */
function useJobPhases(id: number): Phase[] {
  const [phases, setPhases] = useState<Phase[]>(NO_PHASES);
  useEffect(() => {
    let live = true;
    setPhases(NO_PHASES);
    jobsApi
      .graph(id)
      .then((graph) => live && setPhases(graph.training?.phases ?? NO_PHASES))
      .catch(() => undefined); // the job-level optimizer is still said
    return () => {
      live = false;
    };
  }, [id]);
  return phases;
}

/** "Adam, learning rate 0.001"; for a job with phases, each phase's optimizer and lr. */
export function JobOptimizer({ job }: { job: Job }) {
  const { t } = useTranslation();
  const phases = useJobPhases(job.id);
  const config = job.config as Record<string, unknown>;
  if (typeof config.optimizer !== "string") return null;
  const each = phaseOptimizers(phases, config);
  return (
    <span className="muted" data-testid="job-optimizer">
      {each.length === 0
        ? t("training.jobs.optimizer", { optimizer: optimizerName(t, config.optimizer), lr: config.lr })
        : each
            .map((p) =>
              t("training.jobs.phaseOptimizer", {
                phase: p.phase,
                optimizer: optimizerName(t, p.optimizer),
                lr: p.lr,
              }),
            )
            .join(t("training.jobs.phaseSeparator"))}
    </span>
  );
}

/** A job's status in the jobs list, with why it waits when it is queued. */
export function JobListStatus({ job }: { job: Job }) {
  const { t } = useTranslation();
  const reason = waitReason(job);
  return (
    <>
      <span className={`status status-${job.status}`}>{t(`training.jobs.status_${job.status}`)}</span>
      {reason && (
        <div className="job-wait-reason muted" data-testid={`job-wait-reason-${job.id}`}>
          {reason}
        </div>
      )}
    </>
  );
}
