/** The editor: toolbar on top, palette and projects left, canvas centre, properties and stats right. */
import { Canvas } from "./components/Canvas";
import { Message } from "./components/Message";
import { Palette } from "./components/Palette";
import { Projects } from "./components/Projects";
import { Properties } from "./components/Properties";
import { RevisionBanner } from "./components/RevisionBanner";
import { Stats } from "./components/Stats";
import { Toolbar } from "./components/Toolbar";
import { useBeforeUnload } from "./hooks/useBeforeUnload";
import { useCatalogue } from "./hooks/useCatalogue";
import { useHashRoute } from "./hooks/useHashRoute";
import { useShortcuts } from "./hooks/useShortcuts";
import { useValidation } from "./hooks/useValidation";

export function App() {
  useCatalogue();
  useValidation();
  useShortcuts();
  useHashRoute();
  useBeforeUnload();
  return (
    <div className="app">
      <Toolbar />
      <aside className="sidebar left">
        <Palette />
        <Projects />
      </aside>
      <main className="centre">
        <RevisionBanner />
        <Canvas />
        <Message />
      </main>
      <aside className="sidebar right">
        <Properties />
        <Stats />
      </aside>
    </div>
  );
}
