/** The one in-app question at a time ("discard unsaved changes?"), answered by `ConfirmDialog`. */
import { create } from "zustand";

interface Question {
  text: string;
  confirm: string;
  /** Deleting for good: the keyboard starts on Cancel, so an Enter at once keeps things. */
  destructive?: boolean;
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
 * `destructive` question (a delete that cannot be undone) starts with the keyboard on Cancel. */
export function ask(
  text: string,
  confirm: string,
  options: { destructive?: boolean } = {},
): Promise<boolean> {
  // A newer question replaces one still open, which counts as cancelled.
  useConfirmStore.getState().question?.resolve(false);
  const { destructive = false } = options;
  return new Promise((resolve) =>
    useConfirmStore.setState({ question: { text, confirm, destructive, resolve } }),
  );
}
