"""The inference CSV's columns and cells (`netcanvas/inference.py`), and how a run's state
reads when its worker stopped: torch-free, no service."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from netcanvas.inference import (
    MAX_VALUE_COLUMNS,
    NEVER_STARTED,
    WORKER_LOST,
    CsvLayout,
    InferenceRun,
    csv_lines,
    list_runs,
    now,
    read_state,
    shown,
    state_path,
    write_state_atomically,
)


def parsed(layout: CsvLayout, rows: list[list[str]]) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_lines([layout.header(), *rows]))))


def test_a_classification_has_id_label_prediction_and_one_probability_per_class() -> None:
    layout = CsvLayout("classification", ("cat", "dog"), target="labels")
    rows = parsed(layout, [layout.row(0, "dog", [0.25, 0.75]), layout.row(1, "cat", [0.9, 0.1])])
    assert rows == [
        ["id", "y", "y'", "p_cat", "p_dog"],
        ["0", "dog", "dog", "0.25", "0.75"],
        ["1", "cat", "cat", "0.9", "0.1"],
    ]


def test_a_tabular_sample_repeats_its_own_values_after_the_id() -> None:
    layout = CsvLayout("classification", ("a", "b"), target="labels", input_width=2)
    assert parsed(layout, [layout.row(4, "b", [0.4, 0.6], [1.5, -2.0])]) == [
        ["id", "x__0", "x__1", "y", "y'", "p_a", "p_b"],
        ["4", "1.5", "-2", "b", "b", "0.4", "0.6"],
    ]


def test_class_names_with_commas_quotes_and_formulas_survive_a_csv_reader() -> None:
    names = ("big, red", 'say "hi"', "=SUM(A1)")
    layout = CsvLayout("classification", names, target="labels")
    text = csv_lines([layout.header(), layout.row(7, 'say "hi"', [0.1, 0.2, 0.7])])
    assert '"p_big, red"' in text and '"p_say ""hi"""' in text  # quoted, quotes doubled
    header, row = list(csv.reader(io.StringIO(text)))
    assert header == ["id", "y", "y'", "p_big, red", 'p_say "hi"', "p_=SUM(A1)"]
    assert row == ["7", 'say "hi"', "'=SUM(A1)", "0.1", "0.2", "0.7"]  # never a formula


def test_regression_columns_are_numbered_and_capped() -> None:
    one = CsvLayout("regression", target="values", target_width=1, output_width=1)
    assert parsed(one, [one.row(3, [1.5], [1.25])]) == [["id", "y", "y'"], ["3", "1.5", "1.25"]]
    wide = CsvLayout("regression", target="values", target_width=2, output_width=500)
    header = wide.header()
    assert header[:5] == ["id", "y_0", "y_1", "y'_0", "y'_1"]
    assert len(header) == 3 + MAX_VALUE_COLUMNS
    assert len(wide.row(0, [1.0, 2.0], [0.5] * 500)) == len(header)


def test_an_autoencoder_gives_the_reconstruction_error_beside_the_label() -> None:
    layout = CsvLayout("autoencoder", target="labels")
    assert parsed(layout, [layout.row(0, "7", 0.0123)]) == [
        ["id", "y", "reconstruction_error"],
        ["0", "7", "0.0123"],
    ]
    unlabelled = CsvLayout("autoencoder")
    assert unlabelled.header() == ["id", "reconstruction_error"]


def run(status: str, idle_s: float) -> InferenceRun:
    at = now() - timedelta(seconds=idle_s)
    return InferenceRun(
        id="0123456789abcdef", job_id=1, dataset="xor", status=status,
        created_at=at, updated_at=at,
    )  # fmt: skip


def test_a_run_whose_state_stopped_moving_reads_as_failed() -> None:
    assert shown(run("running", 5)).status == "running"
    lost = shown(run("running", 600))
    assert (lost.status, lost.error) == ("failed", WORKER_LOST)
    assert shown(run("queued", 60)).status == "queued"
    assert shown(run("queued", 7200)).error == NEVER_STARTED
    assert shown(run("succeeded", 7200)).status == "succeeded"


def test_states_are_written_whole_and_listed_newest_first(tmp_path) -> None:  # type: ignore[no-untyped-def]
    older, newer = run("succeeded", 100), run("queued", 1).model_copy(update={"id": "f" * 16})
    for item in (older, newer):
        write_state_atomically(state_path(tmp_path, item.id), item)
    (tmp_path / "inference" / "junk.json").write_text("{}")  # not a run's name: ignored
    assert [r.id for r in list_runs(tmp_path)] == [newer.id, older.id]
    assert read_state(state_path(tmp_path, older.id)) == older
    assert sorted(p.name for p in (tmp_path / "inference").iterdir()) == [
        f"{older.id}.json", f"{newer.id}.json", "junk.json",
    ]  # fmt: skip  # no temporary file left
