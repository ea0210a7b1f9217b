/** A job's events: the history first, then the websocket after the last id; the database epochs as a fallback.
 *
 * The server words the log lines (CPU threads, a pause, early stopping) in the UI's language. When
 * it changes, the view stays as it is but for those lines' text: the job's log events are read
 * again in the new language and replace the lines of the same stream id (`relabelLogs`), and a
 * live websocket is opened again from the last id seen with the new `lang`, for the lines to come.
 * The job itself is read again too, for its reason and its dataset's name (`dataset_name`).
 *
 * The websocket closes at `finished`, but the exports (ONNX, model.py, the bundle) are written
 * after it and announced by `artifact` events and log lines (one written or skipped): the job
 * page asks for them with `readLater` while it polls for the exports. */
import i18n from "i18next";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Job, jobsApi, type StreamEntry } from "../api/jobs";
import {
  applyEntries,
  emptyView,
  epochsFromRows,
  type JobView,
  mergeSteps,
  missingSteps,
  relabelLogs,
} from "./curves";
import { layersFromRows } from "./gradients";

// Followed live: a paused job goes on when it is resumed.
const ACTIVE = new Set(["queued", "running", "paused"]);
const RECONNECT_MS = 1000;

export interface JobStream {
  view: JobView;
  job: Job | null;
  error: string | null;
  /** Read the events written after `finished` (the exports' artifacts and log lines) and add
   * the new ones to the view, each once, worded in the page's language; true once the last
   * export (`bundle.zip`) has been announced, so every line of the exports is in. */
  readLater: () => Promise<boolean>;
}

export function useJobStream(id: number): JobStream {
  const [view, setView] = useState<JobView>(emptyView);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lang = useTranslation().i18n.language || "en";
  // What the stream's effect does on a language change (its view and websocket are its own).
  const onLanguage = useRef<(lang: string) => void>(() => undefined);
  const worded = useRef(lang);
  const later = useRef<() => Promise<boolean>>(async () => false);

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
      const askedIn = worded.current;
      try {
        const row = await jobsApi.get(id);
        // its reason and dataset's name in a language the page left: the new one's read replaces it
        if (!closed && worded.current === askedIn) setJob(row);
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
      const ws = new WebSocket(eventsUrl(id, current.lastId, worded.current));
      socket = ws;
      ws.onmessage = (message) => {
        if (socket !== ws) return; // replaced on a language change: the new one replays from lastId
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

    later.current = async () => {
      // Before `finished` the websocket or the history still brings the events in order; one of
      // the types alone from `lastId` on would step over the others.
      if (closed || !current.finished) return false;
      const askedIn = i18n.language; // the request's Accept-Language (`api/http.ts`)
      try {
        const entries = await jobsApi.events(id, {
          after: current.lastId ?? undefined,
          types: ["artifact", "log"],
        });
        // Worded in a language the page left meanwhile: the next read asks again in the new one.
        if (closed || i18n.language !== askedIn) return false;
        publish(applyEntries(current, entries)); // from `lastId` on: each line once
      } catch {
        return false; // Redis unreachable: the view stays as it is, the next read asks again
      }
      return current.artifacts.includes("bundle.zip");
    };

    let asked = 0;
    onLanguage.current = (next: string) => {
      // The lines to come: a live websocket again from the last id, in the new language (a
      // reconnect waiting on its timer asks in it already). The old one's later messages are
      // dropped; the new one replays every event after `lastId`, once.
      if (socket && socket.readyState <= WebSocket.OPEN) {
        const old = socket;
        socket = null;
        old.close();
        connect();
      }
      void refreshJob(); // the job's reason and its dataset's name, in the new language
      // The lines shown: read again, worded in the new language, and replaced by stream id.
      const mine = ++asked;
      jobsApi
        .events(id, { types: ["log"] })
        .then((entries) => {
          if (!closed && mine === asked && worded.current === next) publish(relabelLogs(current, entries));
        })
        .catch(() => undefined); // Redis unreachable: the lines stay as they are
    };

    void (async () => {
      const row = await refreshJob();
      let history: StreamEntry[] = [];
      const askedIn = worded.current;
      try {
        history = await jobsApi.events(id);
      } catch {
        // Redis unreachable: the database epochs below
      }
      if (closed) return;
      publish(applyEntries(current, history));
      if (worded.current !== askedIn) onLanguage.current(worded.current); // switched meanwhile
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

  useEffect(() => {
    if (worded.current === lang) return;
    worded.current = lang;
    onLanguage.current(lang);
  }, [lang]);

  const readLater = useCallback(() => later.current(), []);
  return { view, job, error, readLater };
}

function eventsUrl(id: number, after: string | null, lang: string): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  // A websocket cannot set Accept-Language: its log lines come in the UI's language by `lang`.
  const query = new URLSearchParams({ lang });
  if (after) query.set("after", after);
  return `${scheme}://${window.location.host}/api/jobs/${id}/events?${query.toString()}`;
}
