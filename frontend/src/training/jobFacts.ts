/** What the jobs pages say about a job beside its status, as pure functions (tested beside). */
import { effectiveOptimizer, type Phase } from "../graph/phases";

export interface PhaseOptimizer {
  phase: string;
  optimizer: string;
  lr: string;
}

/** Each phase's optimizer and learning rate as the job ran them: the phase's own, else the
 * job's (`config`), as the launch panel's phase summary reads them. */
export function phaseOptimizers(
  phases: readonly Phase[],
  config: Readonly<Record<string, unknown>>,
): PhaseOptimizer[] {
  return phases.map((phase) => {
    const settings = effectiveOptimizer(phase, config);
    const value = (field: string) => settings.find((s) => s.field === field)?.value ?? "";
    return { phase: phase.name, optimizer: value("optimizer"), lr: value("lr") };
  });
}

/** Why a queued job waits (the server's `reason`), or null for any other job. */
export const waitReason = (job: { status: string; reason?: string | null }): string | null =>
  job.status === "queued" && job.reason ? job.reason : null;
