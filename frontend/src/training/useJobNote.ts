import { useEffect, useMemo, useState } from "react";
import { api } from "../api/client";
import { jobsApi } from "../api/jobs";
import type { SampleNote } from "../api/models";
import { jobNoteOf, type LessonJob, lessonOfJob } from "./presets";

/**
 * The lesson note to show on a job's page: the one it was launched with (the server keeps it with
 * the job), else the one this browser kept when it launched the job (before the server kept them),
 * else the note of the sample the job trained as it came (`lessonOfJob`), asked of the API once.
 */
export function useJobNote(id: number, job: LessonJob | null): SampleNote | null {
  const kept = useMemo(() => jobNoteOf(id), [id]);
  const [found, setFound] = useState<SampleNote | null>(null);
  const known = job !== null;
  const launched = job?.note ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: asked once the job is known
  useEffect(() => {
    setFound(null);
    if (launched || kept || !job) return;
    let live = true;
    Promise.all([api.samples(), jobsApi.graph(id)])
      .then(([samples, graph]) => {
        if (live) setFound(lessonOfJob(samples, job, graph.name));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [id, kept, known, launched !== null]);
  return launched ?? kept ?? found;
}
