import { useTranslation } from "react-i18next";
import { useProblemsStore } from "../store/problemsStore";

/** Why Start is disabled (errors in the graph, or no loss to train with), with a button
 * that opens the problems list. `id` is what Start's `aria-describedby` names. */
export function StartBlocked({ id, message }: { id: string; message: string }) {
  const { t } = useTranslation();
  return (
    <div className="launch-blocked" data-testid={id} id={id} role="status">
      {message}
      <button
        type="button"
        data-testid="launch-show-problems"
        onClick={() => useProblemsStore.getState().setOpen(true)}
      >
        {t("training.launch.showProblems")}
      </button>
    </div>
  );
}
