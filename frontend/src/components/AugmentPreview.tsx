/**
 * The Preview of a data augmentation node, in its properties: a few images of the dataset the
 * launch panel was left at, else the launch preset's (the server's built-in digits when there is
 * none), each beside augmented copies the layer makes in training mode with the node's current
 * parameters (`POST /api/layers/preview`). "Other draws" asks again with the next seed. An answer
 * for parameters, or a launch panel dataset, since changed is dimmed and says to ask again.
 */
import { useCallback, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { useSessionStore } from "../store/sessionStore";
import { launchFormKey, onLaunchFormKept, recallLaunchForm } from "../training/launchMemory";
import { useLaunchPreset } from "../training/useLaunchPreset";
import { previewDataset, previewKey } from "./augmentPreview";

type Answer = components["schemas"]["PreviewAnswer"];
const COPIES = 8;
const DEFAULT_DATASET = "digits";

export function AugmentPreview({ type, params }: { type: string; params: Record<string, unknown> }) {
  const { t } = useTranslation();
  const preset = useLaunchPreset();
  const networkId = useSessionStore((s) => s.networkId);
  const formKey = launchFormKey(networkId, preset);
  // the panel's dataset as it changes: a preview shown for another one turns stale
  const chosen = useSyncExternalStore(
    onLaunchFormKept,
    useCallback(() => recallLaunchForm(formKey)?.dataset, [formKey]),
  );
  const dataset = previewDataset(chosen || preset?.dataset);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [asked, setAsked] = useState<{ key: string; dataset: string | number | null } | null>(null);
  const stale = answer !== null && asked?.key !== previewKey(params, dataset);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [seed, setSeed] = useState(0);

  const show = async (nextSeed: number) => {
    setBusy(true);
    setError(null);
    try {
      setAnswer(await api.previewAugmentation({ type, params, dataset, copies: COPIES, seed: nextSeed }));
      setAsked({ key: previewKey(params, dataset), dataset });
      setSeed(nextSeed);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="augment-preview" data-testid="augment-preview">
      <div className="augment-preview-buttons">
        <button type="button" data-testid="augment-preview-button" disabled={busy} onClick={() => show(0)}>
          {t("augmentPreview.button")}
        </button>
        {answer && !stale && (
          <button type="button" disabled={busy} onClick={() => show(seed + 1)}>
            {t("augmentPreview.again")}
          </button>
        )}
      </div>
      {busy && <p className="panel-note">{t("augmentPreview.loading")}</p>}
      {error && <p className="props-error">{t("augmentPreview.failed", { message: error })}</p>}
      {answer && !busy && (
        <>
          {stale ? (
            <p className="panel-note" data-testid="augment-preview-stale">
              {t("augmentPreview.stale")}
            </p>
          ) : (
            <p className="panel-note">
              {t("augmentPreview.caption", {
                dataset: String(asked?.dataset ?? DEFAULT_DATASET),
                count: COPIES,
              })}
            </p>
          )}
          <div className={`augment-preview-grid${stale ? " stale" : ""}`} data-stale={stale}>
            {answer.originals.map((original, row) => (
              <div className="augment-preview-row" key={original + String(row)}>
                <img
                  className="augment-preview-original"
                  src={original}
                  alt={t("augmentPreview.original")}
                  title={t("augmentPreview.original")}
                />
                {(answer.augmented[row] ?? []).map((image, copy) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: copies are fixed positions
                  <img key={copy} data-testid="augment-preview-image" src={image} alt="" />
                ))}
              </div>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
