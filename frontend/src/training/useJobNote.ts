import { useEffect, useMemo, useState } from "react";
import { api } from "../api/client";
import { jobsApi } from "../api/jobs";
import type { SampleNote } from "../api/models";
import { jobNoteOf, type LessonJob, lessonOfJob } from "./presets";

/**
 * The lesson note to show on a job's page: the one kept when this browser launched the job, else
 * the note of the sample the job trained as it came (`lessonOfJob`), asked of the API once.
 */
export function useJobNote(id: number, job: LessonJob | null): SampleNote | null {
  const kept = useMemo(() => jobNoteOf(id), [id]);
  const [found, setFound] = useState<SampleNote | null>(null);
  const known = job !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: asked once the job is known
  useEffect(() => {
    setFound(null);
    if (kept || !job) return;
    let live = true;
    Promise.all([api.samples(), jobsApi.graph(id)])
      .then(([samples, graph]) => {
        if (live) setFound(lessonOfJob(samples, job, graph.name));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [id, kept, known]);
  return kept ?? found;
}
