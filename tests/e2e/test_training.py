"""Training in the browser: launch from the editor, watch the curves live (through a reload),
read the evaluation, try the network on a drawn digit, download the bundle.

A real job on the real worker: the `digits_cnn` sample on the built-in `digits` set,
3 epochs of batches of 8, so each epoch lasts a few seconds on a small machine.
Takes the README's screenshots of the curves and of the evaluation.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from tests.e2e.editor import Editor, api, wait_until

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
EPOCHS = 3
RUN_S = 240


def points(page: Page, curve: str = "curve-loss") -> int:
    value = page.get_by_test_id(curve).get_attribute("data-points")
    return int(value or 0)


def step_points(page: Page) -> int:
    return int(page.get_by_test_id("curve-loss").get_attribute("data-step-points") or 0)


def status(page: Page) -> str:
    return page.get_by_test_id("job-detail").get_attribute("data-status") or ""


def draw_a_one(page: Page) -> None:
    """A stroke down the middle of the drawing canvas, with a little flag at the top."""
    box = page.get_by_test_id("draw-canvas").bounding_box()
    assert box is not None
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    mouse = page.mouse
    mouse.move(x + w * 0.38, y + h * 0.3)
    mouse.down()
    mouse.move(x + w * 0.52, y + h * 0.15, steps=6)
    mouse.move(x + w * 0.52, y + h * 0.85, steps=20)
    mouse.up()


def brightness(page: Page, x: float, y: float) -> int:
    """The red value of the drawing pad's pixel at (x, y), fractions of its size (0 black)."""
    value: int = page.get_by_test_id("draw-canvas").evaluate(
        "(c, [x, y]) => c.getContext('2d')"
        ".getImageData(c.width * x | 0, c.height * y | 0, 1, 1).data[0]",
        [x, y],
    )
    return value


def centre_brightness(page: Page) -> int:
    """The red value of the drawing pad's middle pixel (0 black, 255 white)."""
    return brightness(page, 0.52, 0.5)


# A point on the left of the ring-shaped zero as the pad shows it (64 px fitted to the pad).
RING_LEFT = (19 / 64, 0.5)


def test_train_watch_evaluate_try_and_download(editor: Editor, server: str, tmp_path: Path) -> None:
    page = editor.page
    editor.open_sample("digits_cnn")
    editor.expect_valid()

    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("launch-dataset").locator("option[value=digits]")).to_have_count(1)
    panel.get_by_test_id("launch-dataset").select_option("digits")
    expect(editor.testid("launch-mismatch")).to_have_count(0)
    panel.get_by_test_id("launch-epochs").fill(str(EPOCHS))
    panel.get_by_test_id("launch-batch-size").fill("8")
    expect(panel.get_by_test_id("launch-optimizer")).to_have_value("adam")
    keep = panel.get_by_test_id("launch-keep-best")  # its choices in words, sent as values
    keep.select_option("val_loss")
    expect(keep.locator("option:checked")).to_have_text("the epoch of lowest validation loss")
    panel.get_by_test_id("launch-start").click()

    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    detail = editor.testid("job-detail")
    expect(detail).to_be_visible()

    # Live: the per-step curve starts within the first epoch, then an epoch point appears
    # while the job is still running.
    wait_until(lambda: step_points(page) >= 1, timeout=RUN_S, what="a point of the step curve")
    seen = wait_until(
        lambda: status(page) == "running" and points(page) >= 1 and points(page),
        timeout=RUN_S,
        what="an epoch point while the job runs",
    )  # read while the page said running: a later check could find the job already done

    # A reload mid-run keeps the curve so far, then follows live to the end.
    steps_seen = step_points(page)
    page.reload()
    expect(detail).to_be_visible()
    wait_until(lambda: points(page) >= seen, what="the curve's points after the reload")
    wait_until(lambda: step_points(page) >= steps_seen, what="the step curve after the reload")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_S * 1000)
    expect(editor.testid("curve-loss")).to_have_attribute("data-points", str(EPOCHS))
    expect(editor.testid("curve-accuracy")).to_have_attribute("data-points", str(EPOCHS))
    expect(editor.testid("curve-lr")).to_have_attribute("data-points", str(EPOCHS))
    assert step_points(page) >= EPOCHS  # at least the first step of each epoch
    # The step curve ends where the epoch points do: at the last epoch's last step.
    expect(editor.testid("curve-loss")).to_have_attribute("data-step-end", str(EPOCHS))
    # The loss curve marks the epoch whose weights keep-best kept, as the job's log names it.
    assert api(editor.base_url, f"/api/jobs/{job_id}")["config"]["keep_best"] == "val_loss"
    rows = api(editor.base_url, f"/api/jobs/{job_id}/epochs")
    kept = min(rows, key=lambda row: row["val_loss"])["epoch"]
    expect(editor.testid("curve-loss")).to_have_attribute("data-mark", str(kept))
    expect(detail).to_contain_text(f"the run keeps the weights of epoch {kept}, whose validation")

    # The evaluation: a 10×10 confusion matrix and one row per class.
    matrix = editor.testid("confusion-matrix")
    expect(matrix).to_be_visible(timeout=30_000)
    expect(matrix.locator("tbody tr")).to_have_count(10)
    expect(matrix.locator("tbody td")).to_have_count(100)
    expect(editor.testid("per-class").locator("tbody tr")).to_have_count(10)
    page.evaluate("() => document.querySelector('.page-main').scrollTo(0, 0)")
    page.mouse.move(10, 890)
    page.wait_for_timeout(300)
    IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(IMAGES / "training-curves.png"))

    # A diagonal cell shows its validation samples.
    editor.testid("cm-3-3").click()
    expect(editor.testid("cell-samples")).to_be_visible()
    matrix.scroll_into_view_if_needed()
    page.evaluate(
        "() => { const m = document.querySelector('.page-main');"
        " const e = document.querySelector('[data-testid=evaluation]');"
        " m.scrollTo(0, e.offsetTop - 60); }"
    )
    page.wait_for_timeout(300)
    page.screenshot(path=str(IMAGES / "evaluation.png"))

    # Try it: a digit drawn with the mouse gets a probability per class.
    try_it = editor.testid("try-it")
    try_it.scroll_into_view_if_needed()
    draw_a_one(page)
    probabilities = editor.testid("probabilities")
    expect(probabilities).to_be_visible(timeout=60_000)
    expect(probabilities.locator("[data-testid^=prob-]")).to_have_count(10)
    for digit in range(10):
        expect(editor.testid(f"prob-{digit}")).to_have_count(1)

    # The upload says what the image becomes: resized to the Input's size, not inverted.
    expect(editor.testid("try-upload-hint")).to_contain_text("8×8")

    # An uploaded image takes the pad's place: the pad shows what the answer is for (it kept
    # the drawn one, whose stroke lit the centre, beside the answer for a ring-shaped zero).
    assert centre_brightness(page) > 128
    ring = tmp_path / "zero.png"
    picture = Image.new("L", (64, 64), 0)
    ImageDraw.Draw(picture).ellipse((16, 8, 48, 56), outline=255, width=6)
    picture.save(ring)
    editor.testid("try-upload").set_input_files(str(ring))
    wait_until(lambda: centre_brightness(page) < 32, what="the uploaded ring on the pad")
    expect(probabilities.locator("[data-testid^=prob-]")).to_have_count(10)
    assert brightness(page, *RING_LEFT) > 128

    # A file that is no image is refused, and neither the ring nor its answer stays beside
    # the refusal as if they were the file's.
    broken = tmp_path / "notes.png"
    broken.write_bytes(b"not an image")
    editor.testid("try-upload").set_input_files(str(broken))
    expect(editor.testid("try-error")).to_contain_text("not an image")
    expect(probabilities).to_have_count(0)
    wait_until(lambda: brightness(page, *RING_LEFT) < 32, what="the pad cleared of the ring")

    # The bundle holds the weights, the ONNX model and the standalone code.
    downloads = editor.testid("downloads")
    downloads.scroll_into_view_if_needed()
    bundle = editor.testid("download-bundle.zip")
    # the exports (ONNX, model.py, then the bundle) are written after the run has ended
    expect(bundle).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        bundle.click()
    path = info.value.path()
    names = {Path(name).name for name in zipfile.ZipFile(path).namelist()}
    assert {"model.onnx", "model.py", "model.safetensors"} <= names, names

    # The jobs list shows it, finished.
    editor.testid("nav-jobs").click()
    row = editor.testid(f"job-row-{job_id}")
    expect(row).to_have_attribute("data-status", "succeeded")


def test_launch_panel_fixes_the_input_shape_and_shows_a_refusal(editor: Editor) -> None:
    editor.open_sample("lenet")
    editor.expect_valid()
    editor.testid("train").click()
    # Without a dataset Start is disabled, and the panel says what is missing. The list must
    # have loaded first: choosing "—" while it is the only option changes nothing.
    expect(editor.testid("launch-dataset").locator("option[value='digits']")).to_have_count(1)
    editor.testid("launch-dataset").select_option("")
    expect(editor.testid("launch-no-dataset")).to_be_visible()
    expect(editor.testid("launch-start")).to_be_disabled()
    editor.testid("launch-dataset").select_option("digits")
    expect(editor.testid("launch-no-dataset")).to_have_count(0)
    mismatch = editor.testid("launch-mismatch")
    expect(mismatch).to_contain_text("[1, 8, 8]")
    expect(mismatch).to_contain_text("[1, 28, 28]")

    # Started anyway, the service refuses the dataset's shape and the panel says why.
    editor.testid("launch-start").click()
    expect(editor.testid("launch-error")).to_be_visible()
    expect(editor.page).not_to_have_url(re.compile(r"#/jobs/"))

    editor.testid("fix-input-shape").click()
    expect(mismatch).to_have_count(0)
    inputs = [n for n in editor.graph()["nodes"] if n["type"] == "Input"]
    assert inputs[0]["params"]["shape"] == [1, 8, 8]
    assert editor.page.evaluate("() => window.netcanvas.history().undo") >= 1

    # LeNet's convolutions do not fit 8×8 images: the graph is invalid, so Start says why.
    editor.expect_valid(False)
    expect(editor.testid("launch-blocked")).to_be_visible()
    expect(editor.testid("launch-start")).to_be_disabled()


# How much of the closed select's text it cannot show, in pixels (0: all of it): the text's
# width in the select's font against the room left of the arrow.
CUT_PIXELS = """(select) => {
  const style = getComputedStyle(select);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = context.measureText(select.selectedOptions[0].textContent).width;
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  const room = select.clientWidth - padding - 20;
  return Math.max(0, Math.ceil(text - room));
}"""


def test_the_launch_panel_shows_each_schedule_whole_in_both_languages(editor: Editor) -> None:
    editor.page.set_viewport_size({"width": 1280, "height": 800})
    editor.open_sample("digits_cnn")
    editor.testid("train").click()
    schedule = editor.testid("launch-schedule")
    expect(schedule.locator('option[value="exponential"]')).to_have_count(1)  # the form is drawn
    for lang in ("en", "ja"):
        editor.testid("language").select_option(lang)
        expect(editor.page.locator("html")).to_have_attribute("lang", lang)
        for value in schedule.locator("option").evaluate_all("os => os.map(o => o.value)"):
            schedule.select_option(value)
            assert schedule.evaluate(CUT_PIXELS) == 0, (lang, value)


def test_view_switch_keeps_the_open_graph(editor: Editor) -> None:
    editor.open_sample("perceptron")
    count = editor.nodes().count()
    editor.testid("nav-datasets").click()
    expect(editor.testid("datasets-page")).to_be_visible()
    editor.testid("nav-jobs").click()
    expect(editor.testid("jobs-page")).to_be_visible()
    editor.testid("nav-editor").click()
    editor.wait_ready()
    expect(editor.nodes()).to_have_count(count)
    assert "#/jobs" not in editor.page.url


def test_jobs_list_cancel_reopen_train_again_and_delete(editor: Editor, server: str) -> None:
    page = editor.page
    graph = api(server, "/api/samples/digits_cnn")
    config = {"epochs": 200, "batch_size": 8}
    job = api(server, "/api/jobs", {"graph": graph, "dataset": "digits", "config": config})
    job_id = job["id"]

    editor.testid("nav-jobs").click()
    row = editor.testid(f"job-row-{job_id}")
    expect(row).to_be_visible()
    row.get_by_test_id(f"job-cancel-{job_id}").click()
    expect(row).to_have_attribute("data-status", "cancelled", timeout=60_000)

    # Re-open the network it trained: an unsaved graph in the editor.
    row.get_by_test_id(f"job-reopen-{job_id}").click()
    editor.wait_ready()
    expect(editor.nodes()).to_have_count(len(graph["nodes"]))
    expect(editor.testid("unsaved")).to_be_visible()

    # Train again: a new job with the same graph, dataset and config.
    editor.testid("nav-jobs").click()
    editor.testid(f"job-again-{job_id}").click()
    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    again = int(page.url.rsplit("/", 1)[1])
    assert again != job_id
    assert api(server, f"/api/jobs/{again}")["config"]["epochs"] == 200
    editor.testid(f"job-cancel-{again}").click()
    detail = editor.testid("job-detail")
    expect(detail).to_have_attribute("data-status", "cancelled", timeout=60_000)

    # Delete the first one. The app asks in its own dialog, naming the job and its network, and the
    # dialog has the keyboard, on Cancel (a delete for good: an Enter at once keeps the job):
    # Escape keeps the job and gives the keyboard back to its Delete button; asked again, Delete
    # deletes it.
    editor.testid("nav-jobs").click()
    delete = editor.testid(f"job-delete-{job_id}")
    delete.click()
    dialog = editor.testid("confirm-dialog")
    expect(dialog.get_by_test_id("confirm-text")).to_have_text(
        f"Delete job #{job_id} “Digits CNN”? Its curves, evaluation, checkpoints and downloads"
        " (weights, ONNX, model.py) are lost for good."
    )
    expect(dialog.get_by_test_id("confirm-cancel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(delete).to_be_focused()
    expect(editor.testid(f"job-row-{job_id}")).to_be_visible()
    assert api(server, f"/api/jobs/{job_id}")["id"] == job_id
    delete.click()
    dialog.get_by_test_id("confirm-ok").click()
    expect(dialog).to_have_count(0)
    expect(editor.testid(f"job-row-{job_id}")).to_have_count(0)
