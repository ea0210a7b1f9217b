/** The one in-app question at a time ("discard unsaved changes?"), answered by `ConfirmDialog`. */
import { create } from "zustand";

interface Question {
  text: string;
  confirm: string;
  /** Deleting for good: the keyboard starts on Cancel, so an Enter at once keeps things. */
  destructive?: boolean;
  /** The confirming button is red: the action loses something (a delete, discarded work). A
   * question that loses nothing (withdraw, reset a password) keeps the plain primary button. */
  danger?: boolean;
  resolve(yes: boolean): void;
}

interface ConfirmState {
  question: Question | null;
  answer(yes: boolean): void;
}

export const useConfirmStore = create<ConfirmState>()((set, get) => ({
  question: null,
  answer(yes) {
    const question = get().question;
    set({ question: null });
    question?.resolve(yes);
  },
}));

/** The dialog's button that has the keyboard first: Cancel for a destructive question. */
export function firstFocus(question: Pick<Question, "destructive">): "cancel" | "confirm" {
  return question.destructive ? "cancel" : "confirm";
}

/** Ask `text`; resolves true when the user presses `confirm`, false on Cancel or Escape. A
 * `destructive` question (a delete that cannot be undone) starts with the keyboard on Cancel; it
 * and a `danger` one (it loses something, but Undo brings it back) have a red confirming button. */
export function ask(
  text: string,
  confirm: string,
  options: { destructive?: boolean; danger?: boolean } = {},
): Promise<boolean> {
  // A newer question replaces one still open, which counts as cancelled.
  useConfirmStore.getState().question?.resolve(false);
  const { destructive = false } = options;
  const danger = destructive || (options.danger ?? false);
  return new Promise((resolve) =>
    useConfirmStore.setState({ question: { text, confirm, destructive, danger, resolve } }),
  );
}
