/** A job's events: the history first, then the websocket after the last id; the database epochs as a fallback. */
import i18n from "i18next";
import { useEffect, useState } from "react";
import { type Job, jobsApi, type StreamEntry } from "../api/jobs";
import { applyEntries, emptyView, epochsFromRows, type JobView, mergeSteps, missingSteps } from "./curves";
import { layersFromRows } from "./gradients";

// Followed live: a paused job goes on when it is resumed.
const ACTIVE = new Set(["queued", "running", "paused"]);
const RECONNECT_MS = 1000;

export function useJobStream(id: number): { view: JobView; job: Job | null; error: string | null } {
  const [view, setView] = useState<JobView>(emptyView);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = emptyView();
    let closed = false;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setView(current);
    setJob(null);
    setError(null);

    const publish = (next: JobView) => {
      current = next;
      if (!closed) setView(next);
    };
    const refreshJob = async (): Promise<Job | null> => {
      try {
        const row = await jobsApi.get(id);
        if (!closed) setJob(row);
        return row;
      } catch (e) {
        if (!closed) setError(e instanceof Error ? e.message : String(e));
        return null;
      }
    };
    /** When the events are gone (or had no epochs), the database still has every epoch. */
    const fallback = async () => {
      try {
        const stored = await jobsApi.epochs(id);
        const rows = epochsFromRows(stored);
        if (rows.length > current.epochs.length)
          publish({ ...current, epochs: rows, layers: layersFromRows(stored) });
      } catch {
        // keep what the events gave
      }
      await stepsFallback();
    };
    /** The per-step curve of the epochs whose events are gone, from the database. */
    const stepsFallback = async () => {
      if (!missingSteps(current)) return;
      try {
        const stored = await jobsApi.steps(id);
        publish({ ...current, steps: mergeSteps(current.steps, stored) });
      } catch {
        // keep what the events gave
      }
    };
    const connect = () => {
      if (closed) return;
      const ws = new WebSocket(eventsUrl(id, current.lastId));
      socket = ws;
      ws.onmessage = (message) => {
        const entry = JSON.parse(String(message.data)) as StreamEntry;
        publish(applyEntries(current, [entry]));
        // A pause or a resume is announced as a log line: the row then has the new status.
        if (["started", "finished", "log"].includes(entry.event.type)) void refreshJob();
      };
      ws.onclose = () => {
        if (closed || socket !== ws) return;
        void refreshJob().then((row) => {
          if (closed) return;
          if (row && ACTIVE.has(row.status) && !current.finished) timer = setTimeout(connect, RECONNECT_MS);
          else void fallback();
        });
      };
    };

    void (async () => {
      const row = await refreshJob();
      let history: StreamEntry[] = [];
      try {
        history = await jobsApi.events(id);
      } catch {
        // Redis unreachable: the database epochs below
      }
      if (closed) return;
      publish(applyEntries(current, history));
      if (current.epochs.length === 0 || !row || !ACTIVE.has(row.status)) await fallback();
      else await stepsFallback();
      if (row && ACTIVE.has(row.status) && !current.finished) connect();
    })();

    return () => {
      closed = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, [id]);

  return { view, job, error };
}

function eventsUrl(id: number, after: string | null): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  // A websocket cannot set Accept-Language: its log lines come in the UI's language by `lang`.
  const query = new URLSearchParams({ lang: i18n.language || "en" });
  if (after) query.set("after", after);
  return `${scheme}://${window.location.host}/api/jobs/${id}/events?${query.toString()}`;
}
