/** The view switch: editor, datasets, jobs, and the class for a teacher or an admin. */
import { useTranslation } from "react-i18next";
import { useAuthStore } from "../auth/authStore";
import { useSessionStore } from "../store/sessionStore";
import "./training.css";
import { useView } from "./route";
import { useTrainingStore } from "./trainingStore";

export function Nav() {
  const { t } = useTranslation();
  const view = useView();
  const networkId = useSessionStore((s) => s.networkId);
  const role = useAuthStore((s) => s.user?.role);
  const teaching = role === "teacher" || role === "admin";
  const editorHash = networkId === null ? "#/" : `#/networks/${networkId}`;
  const link = (name: "editor" | "datasets" | "jobs" | "class", href: string) => (
    <a
      key={name}
      href={href}
      data-testid={`nav-${name}`}
      className={view.name === name ? "nav-link active" : "nav-link"}
      aria-current={view.name === name ? "page" : undefined}
    >
      {t(`training.nav.${name}`)}
    </a>
  );
  return (
    <nav className="view-nav">
      {link("editor", editorHash)}
      {link("datasets", "#/datasets")}
      {link("jobs", "#/jobs")}
      {teaching && link("class", "#/class")}
    </nav>
  );
}

/** The toolbar button that opens the launch panel. */
export function TrainButton() {
  const { t } = useTranslation();
  const open = useTrainingStore((s) => s.launchOpen);
  return (
    <button
      type="button"
      className={open ? "train-button active" : "train-button"}
      data-testid="train"
      onClick={() => useTrainingStore.getState().setLaunchOpen(!open)}
    >
      ▶ {t("training.train")}
    </button>
  );
}
