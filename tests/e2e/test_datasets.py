"""The datasets page: upload an NNC-format zip, see its problems, fix it, preview, train on it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.editor import Editor, api

IMAGES = 40
TRAIN_TIMEOUT_MS = 240_000


def png(value: int, stripe: bool) -> bytes:
    """An 8×8 grey PNG; class 1 has a bright column, so the two classes differ."""
    picture = Image.new("L", (8, 8), value)
    if stripe:
        for y in range(8):
            picture.putpixel((3, y), 255)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def nnc_zip(path: Path, broken_row: int | None = None) -> Path:
    """NNC's `x:image,y:label` CSV and its PNGs; row `broken_row` (1 = first sample) is no image."""
    rows: list[str] = []
    members: dict[str, bytes | str] = {}
    for i in range(IMAGES):
        label = i % 2
        name = f"images/{i:02d}.png"
        rows.append(f"{name},{label}")
        members[f"digits/{name}"] = png(10 + 4 * i, stripe=bool(label))
    if broken_row is not None:
        members[f"digits/images/{broken_row - 1:02d}.png"] = b"this is not a picture"
    members["digits/train.csv"] = "x:image,y:label\n" + "\n".join(rows) + "\n"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def open_datasets(page: Page, server: str) -> None:
    page.goto(f"{server}/#/datasets")
    expect(page.get_by_test_id("datasets-page")).to_be_visible(timeout=30_000)


def upload(page: Page, path: Path, name: str = "") -> None:
    page.get_by_test_id("upload-name").fill(name)
    page.get_by_test_id("upload-input").set_input_files(str(path))
    expect(page.get_by_test_id("upload-progress")).to_be_visible()


def uploads(server: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = api(server, "/api/datasets")["uploads"]
    return found


def train_in_the_editor(page: Page, server: str, dataset_id: int) -> None:
    """The launch panel: a 2-class upload into digits_cnn's 10 outputs (CrossEntropy allows it)."""
    editor = Editor(page, server)
    editor.open()
    editor.open_sample("digits_cnn")
    editor.testid("train").click()
    editor.testid("launch-dataset").select_option(value=str(dataset_id))
    editor.testid("launch-epochs").fill("2")
    editor.testid("launch-start").click()
    expect(editor.testid("job-detail")).to_have_attribute(
        "data-status", "succeeded", timeout=TRAIN_TIMEOUT_MS
    )


def test_upload_shows_every_problem_then_previews_and_trains(
    page: Page, server: str, tmp_path: Path
) -> None:
    open_datasets(page, server)
    expect(page.get_by_test_id("dataset-digits")).to_be_visible()

    # A zip whose 4th CSV row names a file that is not an image: refused, the row named.
    upload(page, nnc_zip(tmp_path / "broken.zip", broken_row=4), name="stripes")
    problems = page.get_by_test_id("upload-problems").locator("li")
    expect(problems).to_have_count(1, timeout=60_000)
    expect(problems.first).to_contain_text("row 4")
    expect(problems.first).to_contain_text("images/03.png")
    assert uploads(server) == [] or all(d["name"] != "stripes" for d in uploads(server))

    # Fixed: it appears in the list, selected, with its preview.
    upload(page, nnc_zip(tmp_path / "fixed.zip"), name="stripes")
    status = page.get_by_test_id("upload-status")
    expect(status).to_have_attribute("data-phase", "done", timeout=60_000)
    expect(page.get_by_test_id("upload-problems")).to_have_count(0)
    mine = [d for d in uploads(server) if d["name"] == "stripes"]
    assert len(mine) == 1, mine
    dataset = mine[0]
    assert dataset["info"]["sample_shape"] == [1, 8, 8]
    item = page.get_by_test_id(f"dataset-{dataset['id']}")
    expect(item).to_have_attribute("data-selected", "true")
    expect(item).to_contain_text("stripes")
    expect(item).to_contain_text("[1, 8, 8]")
    expect(item).to_contain_text("2 classes")
    expect(page.get_by_test_id("upload-progress")).to_have_js_property("value", 1)

    grid = page.get_by_test_id("preview-grid")
    expect(grid.locator("img")).to_have_count(16, timeout=30_000)
    src = grid.locator("img").first.get_attribute("src") or ""
    assert src.startswith("data:image/png;base64,"), src[:40]
    labels = grid.get_by_test_id("preview-label").all_text_contents()
    assert set(labels) == {"0", "1"}, labels
    counts = page.get_by_test_id("class-counts")
    expect(counts.locator("li")).to_have_count(2)
    numbers = counts.locator(".ds-bar-value").all_text_contents()
    assert sum(int(n) for n in numbers) == IMAGES, numbers
    sizes = page.get_by_test_id("split-sizes").locator("dd").all_text_contents()
    assert sum(int(n) for n in sizes) == IMAGES, sizes

    # Train on it.
    train_in_the_editor(page, server, dataset["id"])

    # Delete it again, confirming in the app's own dialog, which names it and what goes.
    open_datasets(page, server)
    page.get_by_test_id(f"dataset-delete-{dataset['id']}").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog.get_by_test_id("confirm-text")).to_have_text(
        "Delete the dataset “stripes”? Its uploaded files are removed for good;"
        " jobs that trained on it keep their results."
    )
    expect(dialog.get_by_test_id("confirm-cancel")).to_be_focused()  # an Enter at once keeps it
    dialog.get_by_test_id("confirm-ok").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_test_id(f"dataset-{dataset['id']}")).to_have_count(0)
    assert all(d["id"] != dataset["id"] for d in uploads(server))


def test_builtin_preview_in_japanese(page: Page, server: str) -> None:
    page.add_init_script("localStorage.setItem('netcanvas.language', 'ja')")
    open_datasets(page, server)
    page.get_by_test_id("dataset-iris").click()
    grid = page.get_by_test_id("preview-grid")
    expect(grid.locator("table")).to_have_count(16, timeout=60_000)
    expect(grid.locator("table").first).to_contain_text("5.1")
    expect(grid.get_by_test_id("preview-label").first).to_have_text("setosa")
    # a classification's samples come from each class in turn, and the heading says so
    expect(grid.get_by_test_id("preview-label").nth(1)).to_have_text("versicolor")
    expect(page.get_by_test_id("datasets-page")).to_contain_text(
        "学習データの 16 サンプル（各クラスから順に）"
    )
    expect(page.get_by_test_id("class-counts").locator("li")).to_have_count(3)
    expect(page.get_by_test_id("split-sizes")).to_contain_text("学習")
    expect(page.get_by_test_id("datasets-page")).to_contain_text("データセットをアップロード")

    # An anomaly set says what it is for (an autoencoder trained on its normal rows), not
    # "classification, 2 classes", in both languages.
    item = page.get_by_test_id("dataset-sine_anomaly")
    expect(item.get_by_test_id("dataset-item-task")).to_have_text("異常検知（オートエンコーダ）")
    expect(item).not_to_contain_text("2 クラス")
    item.locator(".ds-item-main").click()
    task, classes = page.get_by_test_id("dataset-task"), page.get_by_test_id("dataset-classes")
    expect(task).to_have_text("異常検知：オートエンコーダ向け、正常な行だけで学習")
    expect(classes).to_have_text("学習は normal のみ、検証は normal と anomaly")
    page.get_by_test_id("language").select_option("en")
    expect(task).to_have_text(
        "anomaly detection: for an autoencoder, trained on the normal rows only"
    )
    expect(classes).to_have_text("normal only to train on; normal and anomaly to validate")
    digits = page.get_by_test_id("dataset-digits_anomaly")
    expect(digits.get_by_test_id("dataset-item-task")).to_have_text(
        "anomaly detection (autoencoder)"
    )
    expect(digits).not_to_contain_text("classification")
    expect(page.get_by_test_id("dataset-iris").get_by_test_id("dataset-item-task")).to_have_text(
        "classification"
    )


def test_a_plain_csv_with_x2_and_y2_shows_every_variable(
    page: Page, server: str, tmp_path: Path
) -> None:
    """A CSV dropped as it is (not zipped) uploads; the page lists x2 and y2 and each preview
    sample shows x and x2 side by side, labelled y · y2; digits_pairs shows both images."""
    path = tmp_path / "two_vars.csv"
    rows = "".join(f"{i},{i + 1},{10 + i},{20 + i},{i % 2},{'eo'[i % 2]}\n" for i in range(8))
    path.write_text("x:a,x:b,x2:c,x2:d,y:label,y2:parity\n" + rows)
    open_datasets(page, server)
    page.get_by_test_id("upload-help").locator("summary").click()
    expect(page.get_by_test_id("upload-help-variables")).to_contain_text("x2:")
    upload(page, path, name="two vars")
    expect(page.get_by_test_id("upload-problems")).to_have_count(0)
    x2 = page.locator('[data-testid="dataset-input"][data-name="x2"]')
    expect(x2).to_contain_text("[2]", timeout=60_000)
    expect(page.locator('[data-testid="dataset-target"][data-name="y2"]')).to_contain_text("e, o")
    grid = page.get_by_test_id("preview-grid")
    sample = grid.get_by_test_id("preview-sample").first
    expect(sample.locator('[data-testid="preview-var"][data-name="x2"] table')).to_have_count(1)
    expect(sample.get_by_test_id("preview-label")).to_contain_text("y2: ")

    page.get_by_test_id("dataset-digits_pairs").click()
    pair = page.get_by_test_id("preview-grid").get_by_test_id("preview-sample").first
    expect(pair.locator('[data-testid="preview-var"] img')).to_have_count(2, timeout=60_000)
    expect(x2).to_contain_text("[1, 8, 8]")


def test_an_upload_under_a_name_already_used_says_the_name_it_got(
    page: Page, server: str, tmp_path: Path
) -> None:
    open_datasets(page, server)
    zipped = nnc_zip(tmp_path / "load.zip")
    upload(page, zipped, name="load")
    done = page.get_by_test_id("upload-done")
    expect(done).to_have_text("“load” is uploaded.", timeout=60_000)
    expect(done).to_have_attribute("data-renamed", "false")

    upload(page, zipped, name="load")
    expect(done).to_have_attribute("data-renamed", "true", timeout=60_000)
    expect(done).to_have_text("Saved as “load (2)”: you already have a dataset named “load”.")
    assert sorted(d["name"] for d in uploads(server) if d["name"].startswith("load")) == [
        "load",
        "load (2)",
    ]
