"""What an ended job's page offers: every sample of a confusion-matrix cell, "N of M" wherever
a list is cut; and, for a job cancelled before it wrote any weights, a line saying so instead
of a Try it and downloads it does not have.

The jobs are sent through the API (one short digits run, one long xor run paused and cancelled);
the pages are read in Chromium.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api, wait_until

RUN_MS = 180_000


def test_a_cell_lists_all_its_samples_saying_n_of_m(editor: Editor) -> None:
    body = {"graph": samples.load("digits_cnn"), "dataset": "digits",
            "config": {"epochs": 1, "batch_size": 64}}  # fmt: skip
    job_id = api(editor.base_url, "/api/jobs", body)["id"]
    page = editor.page
    page.goto(f"{editor.base_url}/#/jobs/{job_id}")
    detail = editor.testid("job-detail")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_MS)
    evaluation = api(editor.base_url, f"/api/jobs/{job_id}/evaluation")
    # the one epoch's weights, as the run's summary tells (`kept_epoch`)
    assert api(editor.base_url, f"/api/jobs/{job_id}")["summary"]["kept_epoch"] == 1
    weights = editor.testid("eval-weights")
    expect(weights).to_have_text("Of the weights of epoch 1, which the job kept")
    matrix = evaluation["confusion_matrix"]
    shown = api(editor.base_url, f"/api/jobs/{job_id}/samples")
    per_cell = shown["per_cell"]
    # The largest cell has more samples than pictures are kept of it, and more than a page.
    count, r, c = max((n, r, c) for r, row in enumerate(matrix) for c, n in enumerate(row))
    assert count > per_cell and count > 25, matrix

    editor.testid(f"cm-{r}-{c}").click()
    cell = editor.testid("cell-samples")
    expect(cell).to_have_attribute("data-count", str(count))
    pictures = cell.get_by_test_id("cell-sample")
    expect(pictures).not_to_have_count(0)
    held = pictures.count()
    assert per_cell <= held < count
    expect(cell.get_by_test_id("cell-pictures-count")).to_have_text(
        f"{held} of these {count} samples have a picture"
        f" (each cell keeps at least its first {per_cell})"
    )
    rows = cell.get_by_test_id("cell-rows-row")
    counted = cell.get_by_test_id("cell-rows-count")
    expect(rows).to_have_count(25)
    expect(counted).to_have_text(f"25 of {count} predictions listed")
    more = cell.get_by_test_id("cell-rows-more")
    while more.count():

        def grew(listed: int = rows.count()) -> bool:
            return rows.count() > listed

        more.click()
        wait_until(grew, what="the next page of the cell")
    expect(rows).to_have_count(count)
    expect(counted).to_have_text(f"All {count} predictions listed")
    indices = [int(text) for text in rows.locator("td:first-child").all_inner_texts()]
    assert len(indices) == count and indices == sorted(set(indices))
    label, predicted = evaluation["class_names"][r], evaluation["class_names"][c]
    assert set(rows.locator("td:nth-child(3)").all_inner_texts()) == {label}
    assert set(rows.locator("td:nth-child(4)").all_inner_texts()) == {predicted}

    # A small cell shows all of its pictures; an empty one says so.
    cells = [(n, r, c) for r, row in enumerate(matrix) for c, n in enumerate(row)]
    small = next((x for x in cells if 0 < x[0] <= per_cell), None)
    empty = next((x for x in cells if not x[0]), None)
    assert small or empty, matrix
    for n, r, c in [x for x in (small, empty) if x]:
        editor.testid(f"cm-{r}-{c}").click()
        expect(cell).to_have_attribute("data-count", str(n))
        expect(cell.get_by_test_id("cell-sample")).to_have_count(n)
        expect(cell.get_by_test_id("cell-rows-row")).to_have_count(n)
        expect(cell.get_by_test_id("cell-rows-more")).to_have_count(0)
        if n:
            pictures_count = cell.get_by_test_id("cell-pictures-count")
            expect(pictures_count).to_have_text(f"Pictures of all {n} samples")
        else:
            expect(cell).to_contain_text("No validation sample is in this cell.")


def test_a_job_cancelled_before_it_had_weights_offers_no_try_it(editor: Editor) -> None:
    base = editor.base_url
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor",
            "config": {"epochs": 3000, "batch_size": 1}}  # fmt: skip
    job_id = api(base, "/api/jobs", body)["id"]
    api(base, f"/api/jobs/{job_id}/pause", {})
    wait_until(
        lambda: api(base, f"/api/jobs/{job_id}")["status"] == "paused", 60, "the job to pause"
    )
    assert api(base, f"/api/jobs/{job_id}/cancel", {})["status"] == "cancelled"
    assert api(base, f"/api/jobs/{job_id}/artifacts") == []

    page = editor.page
    page.goto(f"{base}/#/jobs/{job_id}")
    expect(editor.testid("job-detail")).to_have_attribute("data-status", "cancelled")
    has = editor.testid("job-has")
    expect(has).to_have_text(re.compile(r"^Cancelled before it wrote any weights: nothing to try"))
    expect(has).to_have_attribute("data-weights", "false")
    expect(editor.testid("try-it")).to_have_count(0)
    expect(editor.testid("downloads")).to_have_count(0)


def test_the_overlay_select_stays_narrow_with_a_long_named_job(editor: Editor) -> None:
    base = editor.base_url
    long_name = "A network with a long name, as a careful student gives it " * 2
    graph = {**samples.load("xor_mlp"), "name": long_name.strip()}
    body = {"graph": graph, "dataset": "xor", "config": {"epochs": 1, "batch_size": 4}}
    first = api(base, "/api/jobs", body)["id"]
    second = api(base, "/api/jobs", body)["id"]

    editor.page.goto(f"{base}/#/jobs/{second}")
    select = editor.testid("overlay-select")
    expect(select.locator(f'option[value="{first}"]')).to_have_count(1)
    select.select_option(str(first))
    box = select.bounding_box()
    assert box is not None and box["width"] <= 330, box  # `.overlay-select` max-width
    # Which job is which: its number first, and the whole label as the select's title.
    expect(select).to_have_attribute(
        "title", re.compile(rf"^#{first} {re.escape(long_name.strip())}")
    )
    option = select.locator(f'option[value="{first}"]')
    expect(option).to_have_text(re.compile(rf"^#{first} "))
    # its dataset by its title, in the page's language
    expect(option).to_contain_text(" — XOR (")
    editor.testid("language").select_option("ja")
    expect(option).to_contain_text(" — XOR（排他的論理和）")
    editor.testid("language").select_option("en")
