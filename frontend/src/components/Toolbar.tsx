/** The top bar: network name and saving, history, layout, files, samples, validity, who is signed in,
 * language. */
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useStore } from "zustand";
import { Account } from "../auth/Account";
import { useAutoLayout } from "../hooks/useAutoLayout";
import { useDirty } from "../hooks/useDirty";
import { useFitView } from "../hooks/useFitView";
import { useLang } from "../hooks/useLang";
import { useReplaceDocument } from "../hooks/useReplaceDocument";
import { LayerPreviewToggle } from "../layerPreview/LayerPreviewToggle";
import { useCatalogueStore } from "../store/catalogueStore";
import { exportGraph, loadGraph, newNetwork, openSample, readGraphFile, runSave } from "../store/document";
import { redo, undo, useDocumentHistory } from "../store/documentHistory";
import { useGraphStore } from "../store/graphStore";
import { clearError, notify, useSessionStore } from "../store/sessionStore";
import { Nav, TrainButton } from "../training/Nav";
import { GraphStatus } from "./GraphStatus";
import { LanguageSelect } from "./LanguageSelect";
import { groupSamples, sampleTitle } from "./sampleGroups";

export function Toolbar() {
  const { t } = useTranslation();
  const fitView = useFitView();
  const layout = useAutoLayout();
  const dirty = useDirty();
  const name = useGraphStore((s) => s.meta.name);
  const readOnly = useSessionStore((s) => s.viewing !== null);
  const replace = useReplaceDocument();
  const documentsBefore = useDocumentHistory((s) => s.before.length > 0);
  const documentsAfter = useDocumentHistory((s) => s.after.length > 0);
  const canUndo = useStore(useGraphStore.temporal, (s) => s.pastStates.length > 0) || documentsBefore;
  const canRedo = useStore(useGraphStore.temporal, (s) => s.futureStates.length > 0) || documentsAfter;
  const samples = useCatalogueStore((s) => s.samples) ?? [];
  const lang = useLang();
  const [saving, setSaving] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const onSave = async (copy = false) => {
    setSaving(true);
    await runSave(copy);
    setSaving(false);
  };
  const saved = useSessionStore((s) => s.networkId !== null);
  const fail = (error: unknown) => notify("error", error instanceof Error ? error.message : String(error));
  const importGraph = async (file: File) => {
    const graph = await readGraphFile(file);
    // an earlier import's error would stay up over the graph now loaded
    if (await replace(() => loadGraph(graph, { networkId: null }))) clearError();
  };

  return (
    <header className="toolbar">
      <div className="brand">
        <span className="brand-mark">◆</span> {t("app")}
      </div>
      <Nav />
      <input
        className="network-name"
        data-testid="network-name"
        aria-label={t("networkName")}
        placeholder={t("untitled")}
        // the box grows with the name up to a limit (training.css); the whole name is its tooltip
        title={name}
        value={name}
        disabled={readOnly}
        onChange={(e) => useGraphStore.getState().setName(e.target.value)}
      />
      {/* Always there (hidden when saved) and "Save a copy" always there (disabled before the
          first save): the toolbar keeps its layout as the document is edited and saved. */}
      <span
        className="unsaved"
        data-testid="unsaved"
        title={t("unsaved")}
        data-shown={dirty}
        aria-hidden={!dirty}
      >
        ●
      </span>
      <button
        type="button"
        className="primary"
        data-testid="save"
        onClick={() => void onSave()}
        disabled={saving || readOnly}
      >
        {saving ? t("saving") : t("save")}
      </button>
      <button
        type="button"
        data-testid="save-copy"
        onClick={() => void onSave(true)}
        disabled={!saved || saving || readOnly}
        title={t(saved ? "saveCopyHint" : "saveCopyFirst")}
      >
        {t("saveCopy")}
      </button>
      <div className="toolbar-group">
        <button
          type="button"
          data-testid="undo"
          onClick={undo}
          disabled={!canUndo || readOnly}
          title={`${t("undo")} (Ctrl+Z)`}
        >
          ↶ {t("undo")}
        </button>
        <button
          type="button"
          data-testid="redo"
          onClick={redo}
          disabled={!canRedo || readOnly}
          title={`${t("redo")} (Ctrl+Shift+Z)`}
        >
          ↷ {t("redo")}
        </button>
      </div>
      <div className="toolbar-group">
        <button type="button" data-testid="layout" onClick={() => void layout()} disabled={readOnly}>
          {t("layout")}
        </button>
        <button type="button" data-testid="fit" onClick={() => fitView()}>
          {t("fit")}
        </button>
      </div>
      <div className="toolbar-group">
        <button
          type="button"
          data-testid="new-network"
          onClick={() => void replace(() => newNetwork(t("untitled"))).catch(fail)}
        >
          {t("newNetwork")}
        </button>
        <select
          data-testid="sample-select"
          value=""
          aria-label={t("fromSample")}
          onChange={(e) => {
            const sample = samples.find((s) => s.id === e.target.value);
            // the new document is named by the sample's title in the UI's language
            if (sample) void replace(() => openSample(sample.id, sampleTitle(sample, lang))).catch(fail);
          }}
        >
          <option value="">{t("fromSample")}</option>
          {groupSamples(samples).map((group) => {
            const options = group.samples.map((s) => (
              <option key={s.id} value={s.id} title={s.description}>
                {sampleTitle(s, lang)}
              </option>
            ));
            return group.topic === null ? (
              options
            ) : (
              <optgroup
                key={group.topic}
                label={t(`sampleTopics.${group.topic}`, { defaultValue: group.topic })}
              >
                {options}
              </optgroup>
            );
          })}
        </select>
        <button type="button" onClick={() => fileInput.current?.click()}>
          {t("import")}
        </button>
        <input
          ref={fileInput}
          data-testid="import"
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) void importGraph(file).catch(fail);
          }}
        />
        <button type="button" data-testid="export" onClick={exportGraph}>
          {t("export")}
        </button>
      </div>
      <LayerPreviewToggle />
      <div className="toolbar-spacer" />
      <GraphStatus />
      <TrainButton />
      <Account />
      <LanguageSelect />
    </header>
  );
}
