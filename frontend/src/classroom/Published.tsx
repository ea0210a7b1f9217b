/** What teachers published to the class (`GET /api/class/published`), newest first: each with its
 * note, network, dataset and settings. Anyone copies one into their own work (a network opens in the
 * editor with the launch panel set to the published dataset and settings); the teacher who published
 * it, or an admin, withdraws it, once they confirm in the app's own dialog (`ConfirmDialog`). */
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Copied, classApi, type Publication } from "../api/classroom";
import { ApiError } from "../api/http";
import { useAuthStore } from "../auth/authStore";
import { formatMoment } from "../components/moment";
import { useLang } from "../hooks/useLang";
import { usePolled } from "../hooks/usePolled";
import { ask } from "../store/confirmStore";
import { go } from "../training/route";
import { useTrainingStore } from "../training/trainingStore";
import { useSettingsText } from "./useSettingsText";

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** Students keep the page open through a lesson: what a teacher publishes or withdraws shows. */
const REFRESH_MS = 10_000;

/** After a copy: the network opens with its settings ready to train (the server keeps them with it,
 * and the teacher's note, as its launch preset); a dataset alone goes to the list. */
function openCopy(copied: Copied) {
  if (copied.network_id === null) {
    go("#/datasets");
    return;
  }
  go(`#/networks/${copied.network_id}`);
  useTrainingStore.getState().setLaunchOpen(true);
}

function Item({
  item,
  onGone,
  onWithdrawn,
}: {
  item: Publication;
  onGone: () => void;
  onWithdrawn: (title: string) => void;
}) {
  const { t } = useTranslation();
  const settingsText = useSettingsText();
  const user = useAuthStore((s) => s.user);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mine = user !== null && (user.role === "admin" || user.name === item.teacher);
  const act = (action: () => Promise<unknown>) => async () => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) onWithdrawn(item.title);
      else setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  const copy = act(async () => openCopy(await classApi.copy(item.id)));
  const unpublish = act(async () => {
    await classApi.unpublish(item.id);
    onGone();
  });
  // asked before the buttons are busy: the button keeps the keyboard for after a Cancel
  const withdraw = async () => {
    const question = t("classroom.published.withdrawConfirm", { title: item.title });
    if (await ask(question, t("classroom.published.withdraw"))) await unpublish();
  };
  const dataset = item.dataset_name ?? item.dataset;
  const settings = settingsText(item.config);
  return (
    <li className="published-item" data-testid={`published-${item.id}`} data-title={item.title}>
      <div className="published-head">
        <strong>{item.title}</strong>{" "}
        <span className="muted">
          {t("classroom.published.by", {
            teacher: item.teacher,
            when: formatMoment(item.created_at),
          })}
        </span>
      </div>
      {item.note && <p className="published-note">{item.note}</p>}
      <ul className="published-parts muted">
        {item.network_name && <li>{t("classroom.published.network", { name: item.network_name })}</li>}
        {dataset && (
          <li data-testid="published-dataset" title={item.dataset ?? undefined}>
            {t("classroom.published.dataset", { name: dataset })}
          </li>
        )}
        {settings && (
          <li data-testid="published-settings">{t("classroom.published.settings", { settings })}</li>
        )}
      </ul>
      <div className="published-actions">
        <button type="button" data-testid={`published-copy-${item.id}`} disabled={busy} onClick={copy}>
          {item.network_name ? t("classroom.published.copyNetwork") : t("classroom.published.copyDataset")}
        </button>
        {mine && (
          <button
            type="button"
            data-testid={`published-withdraw-${item.id}`}
            disabled={busy}
            onClick={withdraw}
          >
            {t("classroom.published.withdraw")}
          </button>
        )}
      </div>
      {error && <div className="launch-error">{error}</div>}
    </li>
  );
}

export function Published() {
  const { t } = useTranslation();
  const lang = useLang();
  // asked again in another language at once: a built-in dataset's title comes in the asker's
  // biome-ignore lint/correctness/useExhaustiveDependencies: lang is why it asks again
  const load = useCallback(() => classApi.published(), [lang]);
  const { value: items, error, refresh } = usePolled(load, REFRESH_MS);
  const [withdrawn, setWithdrawn] = useState<string | null>(null);
  const gone = (title: string) => {
    setWithdrawn(title);
    refresh();
  };
  return (
    <section className="published" data-testid="published">
      <h2>{t("classroom.published.title")}</h2>
      {error && <div className="launch-error">{error}</div>}
      {withdrawn !== null && (
        <div className="launch-error" role="alert" data-testid="published-gone">
          {t("classroom.published.gone", { title: withdrawn })}
        </div>
      )}
      {items !== null && items.length === 0 && <p className="muted">{t("classroom.published.empty")}</p>}
      {items !== null && items.length > 0 && (
        <ul className="published-list">
          {items.map((item) => (
            <Item key={item.id} item={item} onGone={refresh} onWithdrawn={gone} />
          ))}
        </ul>
      )}
    </section>
  );
}
