/** The view switch: editor, datasets, jobs, and, on a server with accounts, the class (for a teacher
 * or an admin every student's work and what is published; for a student what is published) and,
 * for a teacher or an admin, the accounts they manage ("Students" or "Accounts", `#/users`). */
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
  const inClass = useAuthStore((s) => s.mode === "accounts" && s.user !== null);
  const manager = useAuthStore((s) =>
    s.mode === "accounts" && s.user?.role !== "student" ? s.user?.role : null,
  );
  const editorHash = networkId === null ? "#/" : `#/networks/${networkId}`;
  const link = (name: "editor" | "datasets" | "jobs" | "class" | "users", href: string, label?: string) => (
    <a
      key={name}
      href={href}
      data-testid={`nav-${name}`}
      className={view.name === name ? "nav-link active" : "nav-link"}
      aria-current={view.name === name ? "page" : undefined}
    >
      {label ?? t(`training.nav.${name as Exclude<typeof name, "users">}`)}
    </a>
  );
  return (
    <nav className="view-nav">
      {link("editor", editorHash)}
      {link("datasets", "#/datasets")}
      {link("jobs", "#/jobs")}
      {inClass && link("class", "#/class")}
      {manager && link("users", "#/users", t(`users.title_${manager}`))}
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
