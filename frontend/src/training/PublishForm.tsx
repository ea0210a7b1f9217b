/** For a teacher or an admin, under the launch panel: publish the network as shown, with the chosen
 * dataset and training settings, to the class (`POST /api/class/published`), where students copy it. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { classApi } from "../api/classroom";
import type { TrainingConfig } from "../api/jobs";
import { useAuthStore } from "../auth/authStore";
import { currentGraph } from "../store/document";
import { useSessionStore } from "../store/sessionStore";
import { presetOf } from "./presets";

interface Props {
  /** The launch panel's dataset: a built-in name or an upload's id; empty for none. */
  dataset: string;
  /** How the dataset reads: a built-in set's title, an upload's name. */
  datasetTitle: string;
  /** The launch panel's settings as a config, or null while they cannot be read. */
  config: () => TrainingConfig | null;
}

export function PublishForm({ dataset, datasetTitle, config }: Props) {
  const { t } = useTranslation();
  const role = useAuthStore((s) => s.user?.role);
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [note, setNote] = useState("");
  const [withSettings, setWithSettings] = useState(true);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (role !== "teacher" && role !== "admin") return null;
  const graph = currentGraph();
  const publish = async () => {
    const { preset, networkId } = useSessionStore.getState();
    const sample = preset?.sample ?? presetOf(networkId)?.sample;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const published = await classApi.publish({
        title: title.trim() || graph.name || t("classroom.published.untitled"),
        note,
        graph,
        network_name: graph.name || null,
        dataset: dataset || null,
        config: withSettings ? config() : null,
        // the sample the canvas came from: a student's copy names it, with its lesson and titles
        ...(sample ? { sample } : {}),
      });
      setDone(published.title);
      setOpen(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  if (!open) {
    return (
      <div className="publish">
        <button type="button" data-testid="publish-open" onClick={() => setOpen(true)}>
          {t("classroom.publish.open")}
        </button>
        {done && (
          <p className="muted" data-testid="publish-done">
            {t("classroom.publish.done", { title: done })}
          </p>
        )}
      </div>
    );
  }
  return (
    <fieldset className="publish" data-testid="publish-form">
      <legend>{t("classroom.publish.title")}</legend>
      <label>
        {t("classroom.publish.name")}
        <input
          data-testid="publish-title"
          value={title}
          placeholder={graph.name}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <label>
        {t("classroom.publish.note")}
        <textarea
          data-testid="publish-note"
          value={note}
          maxLength={10000}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          data-testid="publish-with-settings"
          checked={withSettings}
          onChange={(e) => setWithSettings(e.target.checked)}
        />
        {dataset
          ? t("classroom.publish.withSettings", { dataset: datasetTitle })
          : t("classroom.publish.withSettingsOnly")}
      </label>
      {error && (
        <div className="launch-error" data-testid="publish-error">
          {error}
        </div>
      )}
      <div className="publish-actions">
        <button
          type="button"
          className="primary"
          data-testid="publish-send"
          disabled={busy}
          onClick={() => void publish()}
        >
          {t("classroom.publish.send")}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t("classroom.publish.cancel")}
        </button>
      </div>
    </fieldset>
  );
}
