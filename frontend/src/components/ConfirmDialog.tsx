/** A small modal question with a confirming button and Cancel (Escape cancels, Enter presses the
 * focused button: Cancel first for a destructive question); it takes the keyboard while open and
 * hands it back to what had it. */
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { firstFocus, useConfirmStore } from "../store/confirmStore";

export function ConfirmDialog() {
  const { t } = useTranslation();
  const question = useConfirmStore((s) => s.question);
  const answer = useConfirmStore((s) => s.answer);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!question) return;
    // the keyboard goes to the dialog, and back to what had it (the button that asked) after
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // a destructive question starts on Cancel, so an Enter at once deletes nothing
    (firstFocus(question) === "cancel" ? cancelButton : confirmButton).current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      answer(false);
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      if (before?.isConnected) before.focus();
    };
  }, [question, answer]);
  if (!question) return null;
  // alertdialog, not dialog, for every question here: each interrupts an action to confirm what
  // it will cost (discarding work, deleting, withdrawing, resetting a password), the WAI-ARIA
  // Authoring Practices' own case for it ("action confirmation prompts"); a plain dialog is for
  // a window a user works in (GraphStatus's problems list is one)
  return (
    <div className="modal-backdrop" data-testid="confirm-dialog">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="confirm-text">
        <p id="confirm-text" data-testid="confirm-text">
          {question.text}
        </p>
        <div className="modal-actions">
          <button ref={cancelButton} type="button" data-testid="confirm-cancel" onClick={() => answer(false)}>
            {t("cancel")}
          </button>
          <button
            ref={confirmButton}
            type="button"
            // red only for a question that loses something: a plain one is no warning
            className={question.danger ? "primary danger" : "primary"}
            data-testid="confirm-ok"
            data-danger={question.danger ? "true" : "false"}
            onClick={() => answer(true)}
          >
            {question.confirm}
          </button>
        </div>
      </div>
    </div>
  );
}
