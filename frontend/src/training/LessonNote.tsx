/** A sample's note (what to look for, the result to expect) in the UI's language. */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { SampleNote } from "../api/models";
import { useLang } from "../hooks/useLang";
import { noteText } from "./presets";

export function LessonNote({
  note,
  testId,
  hint,
  title,
  action,
}: {
  note: SampleNote | null | undefined;
  testId: string;
  /** The heading, when the note is not a sample's (a teacher's, from the class). */
  title?: string;
  /** A line under the note (the launch panel says its settings came from the sample). */
  hint?: string;
  /** A control under the hint (the launch panel's "restore the sample's settings"). */
  action?: ReactNode;
}) {
  const { t } = useTranslation();
  const text = noteText(note, useLang());
  if (!text) return null;
  return (
    <section className="lesson-note" data-testid={testId}>
      <h3>{title ?? t("training.lesson.title")}</h3>
      <p>{text}</p>
      {hint && (
        <p className="muted" data-testid={`${testId}-hint`}>
          {hint}
        </p>
      )}
      {action}
    </section>
  );
}
