/** A name that turns into an input for renaming, and a delete button that asks once more. */
import { useState } from "react";
import { useTranslation } from "react-i18next";

interface Props {
  name: string;
  testId: string;
  onOpen(): void;
  onRename(name: string): void;
  onDelete(): void;
  active?: boolean;
}

export function EditableName({ name, testId, onOpen, onRename, onDelete, active }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const finish = () => {
    const next = editing?.trim();
    if (next && next !== name) onRename(next);
    setEditing(null);
  };
  return (
    <div className={`list-item${active ? " active" : ""}`} data-testid={testId}>
      {editing === null ? (
        <button
          type="button"
          className="list-item-name"
          onClick={onOpen}
          onDoubleClick={() => setEditing(name)}
          title={name}
        >
          {name}
        </button>
      ) : (
        <input
          // biome-ignore lint/a11y/noAutofocus: the input appears because the user asked to rename
          autoFocus
          data-testid={`${testId}-name`}
          value={editing}
          onChange={(e) => setEditing(e.target.value)}
          onBlur={finish}
          onKeyDown={(e) => {
            if (e.key === "Enter") finish();
            if (e.key === "Escape") setEditing(null);
          }}
        />
      )}
      <button
        type="button"
        className="icon"
        data-testid={`rename-${testId}`}
        title={t("rename")}
        onClick={() => setEditing(name)}
      >
        ✎
      </button>
      {confirming ? (
        <button
          type="button"
          className="icon danger"
          data-testid={`confirm-delete-${testId}`}
          onClick={() => {
            setConfirming(false);
            onDelete();
          }}
          onBlur={() => setConfirming(false)}
        >
          {t("confirmDelete")}
        </button>
      ) : (
        <button
          type="button"
          className="icon"
          data-testid={`delete-${testId}`}
          title={t("delete")}
          onClick={() => setConfirming(true)}
        >
          ×
        </button>
      )}
    </div>
  );
}
