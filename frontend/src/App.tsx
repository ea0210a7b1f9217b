/**
 * The app, once signed in (auth/Gate.tsx): the editor (toolbar on top, palette and projects left,
 * canvas centre, properties and stats right, the launch panel over the right side), or the datasets
 * or jobs view.
 */
import { useTranslation } from "react-i18next";
import { Account } from "./auth/Account";
import { ClassPage } from "./classroom/ClassPage";
import { ArgumentsPanel } from "./components/ArgumentsPanel";
import { Canvas } from "./components/Canvas";
import { ConfirmDialog } from "./components/ConfirmDialog";
import { DraftBanner } from "./components/DraftBanner";
import { LanguageSelect } from "./components/LanguageSelect";
import { Message } from "./components/Message";
import { Palette } from "./components/Palette";
import { Projects } from "./components/Projects";
import { Properties } from "./components/Properties";
import { RevisionBanner } from "./components/RevisionBanner";
import { Stats } from "./components/Stats";
import { Toolbar } from "./components/Toolbar";
import { UnitTabs } from "./components/UnitTabs";
import { DatasetsPage } from "./datasets/DatasetsPage";
import { useBeforeUnload } from "./hooks/useBeforeUnload";
import { useCatalogue } from "./hooks/useCatalogue";
import { useDraft } from "./hooks/useDraft";
import { useHashRoute } from "./hooks/useHashRoute";
import { useShortcuts } from "./hooks/useShortcuts";
import { useValidation } from "./hooks/useValidation";
import { NetworkViews } from "./phases/NetworkViews";
import { PhaseEditor } from "./phases/PhaseEditor";
import { CompareJobs } from "./training/CompareJobs";
import { JobsPage } from "./training/JobsPage";
import { LaunchPanel } from "./training/LaunchPanel";
import { Nav } from "./training/Nav";
import { useView } from "./training/route";
import { useTrainingStore } from "./training/trainingStore";
import { UsersPage } from "./users/UsersPage";

/** The header of the views other than the editor: brand, the view switch, who is signed in. */
function PageHeader() {
  const { t } = useTranslation();
  return (
    <header className="toolbar page-toolbar">
      <div className="brand">
        <span className="brand-mark">◆</span> {t("app")}
      </div>
      <Nav />
      <div className="toolbar-spacer" />
      <Account />
      <LanguageSelect />
    </header>
  );
}

export function App() {
  useCatalogue();
  useValidation();
  useShortcuts();
  useHashRoute();
  useBeforeUnload();
  useDraft();
  const view = useView();
  const launchOpen = useTrainingStore((s) => s.launchOpen);
  if (view.name !== "editor") {
    return (
      <div className="app page">
        <PageHeader />
        <main className="page-main">
          {view.name === "datasets" && <DatasetsPage />}
          {view.name === "jobs" && <JobsPage jobId={view.jobId} />}
          {view.name === "class" && (
            <ClassPage jobId={view.jobId} networkId={view.networkId} compareIds={view.compareIds ?? null} />
          )}
          {view.name === "users" && <UsersPage />}
          {view.name === "compare" && <CompareJobs jobIds={view.jobIds} />}
        </main>
        <ConfirmDialog />
      </div>
    );
  }
  return (
    <div className="app">
      <Toolbar />
      <aside className="sidebar left">
        <Palette />
        <Projects />
      </aside>
      <main className="centre">
        <DraftBanner />
        <RevisionBanner />
        <UnitTabs />
        <NetworkViews />
        <Canvas />
        <Message />
      </main>
      <aside className="sidebar right">
        <ArgumentsPanel />
        <Properties />
        <PhaseEditor />
        <Stats />
      </aside>
      {launchOpen && <LaunchPanel />}
      <ConfirmDialog />
    </div>
  );
}
