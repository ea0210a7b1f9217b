/**
 * How long the job page reads an ended job's artifacts and its events after `finished`. The
 * exports (ONNX, model.py, the bundle, last) are written after `finished`, each announced by an
 * `artifact` event or a log line; the bundle's file appears a moment before its announcement,
 * the exports' last event.
 */
import { exportsPending } from "../api/jobs";

/** After a read that found `names` and, when `announced`, the bundle's announcement: whether to
 * read again, and how many reads are left to wait for the announcement once the file is there
 * (`late`, counted down only then). A job without weights has no exports to wait for. */
export function nextExportsRead(
  names: readonly string[],
  announced: boolean,
  late: number,
): { again: boolean; late: number } {
  if (exportsPending(names)) return { again: true, late };
  const unheard = names.includes("model.safetensors") && !announced && late > 0;
  return { again: unheard, late: unheard ? late - 1 : late };
}
