/** The one in-app question at a time ("discard unsaved changes?"), answered by `ConfirmDialog`. */
import { create } from "zustand";

interface Question {
  text: string;
  confirm: string;
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

/** Ask `text`; resolves true when the user presses `confirm`, false on Cancel or Escape. */
export function ask(text: string, confirm: string): Promise<boolean> {
  // A newer question replaces one still open, which counts as cancelled.
  useConfirmStore.getState().question?.resolve(false);
  return new Promise((resolve) => useConfirmStore.setState({ question: { text, confirm, resolve } }));
}
