"""A network with two Inputs in the browser (issue 15): the digits_siamese sample from the
menu shows layer previews on both Inputs, trains for two epochs on digits_pairs with the real
worker; the job page's "Inside the network" offers an Input select and shows the convolution
inside the shared unit's uses by path, each from its own Input (a.conv from x, b.conv from
x2); try-it shows one drawing pad per Input and answers "same" or "different" for the two
drawings. An upload with x2 number columns, trained through the API, is
tried with a row of number fields per Input. A two-tower network (a Conv2d per Input) shows the
feature maps and Grad-CAM of the Input chosen in the select."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, expect

from tests.datasets.helpers import write_zip
from tests.e2e.editor import Editor, api, wait_until
from tests.e2e.test_datasets import open_datasets, uploads
from tests.graphs import chain
from tests.torch.test_inputs_runs import two_towers

RUN_S = 90
PREVIEW_MS = 60_000  # the first answer: a worker process decodes digits_pairs once


def stroke(canvas: Locator) -> None:
    """A vertical stroke down the middle of a drawing pad."""
    box = canvas.bounding_box()
    assert box is not None
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    mouse = canvas.page.mouse
    mouse.move(x + w * 0.5, y + h * 0.2)
    mouse.down()
    mouse.move(x + w * 0.5, y + h * 0.5, steps=5)
    mouse.move(x + w * 0.5, y + h * 0.8, steps=5)
    mouse.up()


def test_digits_siamese_trains_and_tries_two_drawings(editor: Editor, server: str) -> None:
    page = editor.page
    editor.open_sample("digits_siamese")
    editor.expect_valid()
    # layer previews: each Input fed its variable of one digits_pairs sample
    editor.testid("layer-preview-toggle").check()
    for node in ("x", "x2"):
        preview = editor.node(node).get_by_test_id("node-preview")
        expect(preview).to_have_attribute("data-kind", "image", timeout=PREVIEW_MS)
    expect(editor.node("fc2").get_by_test_id("node-preview-bars")).to_be_visible()
    editor.testid("layer-preview-toggle").uncheck()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("digits_pairs")
    expect(panel.get_by_test_id("launch-mismatch")).to_have_count(0)
    panel.get_by_test_id("launch-dataset").select_option("digits")  # no x2: said naming x2
    expect(panel.get_by_test_id("launch-mismatch")).to_have_attribute("data-node", "x2")
    expect(panel.get_by_test_id("launch-mismatch")).to_contain_text("x2")
    panel.get_by_test_id("launch-dataset").select_option("digits_pairs")
    expect(panel.get_by_test_id("launch-mismatch")).to_have_count(0)
    panel.get_by_test_id("launch-epochs").fill("2")
    panel.get_by_test_id("launch-start").click()

    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    detail = editor.testid("job-detail")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_S * 1000)

    inside = editor.testid("inside")  # several Inputs: said, and which one is looked at
    expect(inside.get_by_test_id("inside-several-inputs")).to_contain_text("x, x2")
    expect(inside.get_by_test_id("inside-input-select").locator("option")).to_have_text(["x", "x2"])
    inside.get_by_test_id("inside-show").click()  # its convolution is inside the shared uses:
    a_conv = inside.get_by_test_id("inside-layer-a.conv")  # use a's, computed from x
    expect(a_conv.get_by_test_id("inside-map")).to_have_count(16, timeout=60_000)
    expect(a_conv).to_contain_text("16×8×8")
    expect(inside.get_by_test_id("inside-unit-paths")).to_contain_text("b.conv is node conv")
    first = inside.get_by_test_id("inside-input").get_attribute("src")
    inside.get_by_test_id("inside-input-select").select_option("x2")  # use b's, from x2
    expect(inside.get_by_test_id("inside-layer-b.conv")).to_be_visible(timeout=60_000)
    expect(inside.get_by_test_id("inside-layer-a.conv")).to_have_count(0)
    expect(inside.get_by_test_id("inside-input")).not_to_have_attribute("src", first or "")
    inside.get_by_test_id("inside-tab-gradcam").click()
    expect(inside.get_by_test_id("inside-cam-layer").locator("option")).to_have_text(["b.conv"])
    expect(inside.get_by_test_id("inside-cam-facts")).to_contain_text("layer b.conv")
    expect(inside.get_by_test_id("inside-error")).to_have_count(0)

    try_it = editor.testid("try-it")
    try_it.scroll_into_view_if_needed()
    expect(try_it.get_by_test_id("try-inputs")).to_be_visible()
    predict = try_it.get_by_test_id("try-predict")
    expect(predict).to_be_disabled()  # both drawings first
    for variable in ("x", "x2"):
        pad = try_it.get_by_test_id(f"try-input-{variable}")
        expect(pad.locator("h3")).to_contain_text(f"({variable})")
        stroke(pad.get_by_test_id("draw-canvas"))
    predict.click()
    probabilities = try_it.get_by_test_id("probabilities")
    expect(probabilities).to_be_visible(timeout=60_000)
    expect(probabilities.locator("[data-testid^=prob-]")).to_have_count(2)
    expect(probabilities.get_by_test_id("prob-same")).to_have_count(1)


def test_an_upload_with_x2_numbers_is_tried_with_a_row_of_fields_per_input(
    editor: Editor, server: str, tmp_path: Path
) -> None:
    page = editor.page
    rows = [f"{i % 7},{(i * 3) % 5},{1000 + (i * 37) % 50},{int(i % 7 > 3)}" for i in range(60)]
    text = "x__0,x__1,x2:size,y:label\n" + "\n".join(rows) + "\n"
    archive = write_zip(tmp_path / "sizes.zip", {"train.csv": text})
    open_datasets(page, server)
    page.get_by_test_id("upload-name").fill("sizes")
    page.get_by_test_id("upload-input").set_input_files(str(archive))
    expect(page.get_by_test_id("upload-status")).to_have_attribute("data-phase", "done",
                                                                   timeout=60_000)  # fmt: skip
    (mine,) = [d for d in uploads(server) if d["name"] == "sizes"]
    graph = chain(
        ("x", "Input", {"shape": [2], "variable": "x"}),
        ("both", "Concat", {"dim": 0}),
        ("fc", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    graph["edges"][0]["target_port"] = 0
    graph["nodes"].append({"id": "size", "type": "Input",
                           "params": {"shape": [1], "variable": "x2"}})  # fmt: skip
    graph["edges"].append({"source": "size", "target": "both", "target_port": 1})
    body = {"graph": graph, "dataset": mine["id"], "config": {"epochs": 2}}
    job = api(server, "/api/jobs", body)["id"]
    wait_until(lambda: api(server, f"/api/jobs/{job}")["status"] == "succeeded", RUN_S, "the job")

    page.goto(f"{server}/#/jobs/{job}")
    try_it = editor.testid("try-it")
    expect(try_it.get_by_test_id("try-inputs")).to_be_visible(timeout=30_000)
    expect(try_it.get_by_test_id("try-input-x").locator("input")).to_have_count(2)
    expect(try_it.get_by_test_id("try-input-x2").locator("h3")).to_contain_text("size (x2: size)")
    try_it.get_by_test_id("try-value-x-0").fill("5")
    try_it.get_by_test_id("try-value-x2-0").fill("1030")
    try_it.get_by_test_id("try-predict").click()
    probabilities = try_it.get_by_test_id("probabilities")
    expect(probabilities).to_be_visible(timeout=60_000)
    expect(probabilities.locator("[data-testid^=prob-]")).to_have_count(2)


def test_the_input_select_shows_the_chosen_input_s_feature_maps(
    editor: Editor, server: str
) -> None:
    page = editor.page
    body = {"graph": two_towers(), "dataset": "digits_pairs", "config": {"epochs": 1}}
    job = api(server, "/api/jobs", body)["id"]
    wait_until(lambda: api(server, f"/api/jobs/{job}")["status"] == "succeeded", RUN_S, "the job")
    page.goto(f"{server}/#/jobs/{job}")
    inside = editor.testid("inside")
    expect(inside.get_by_test_id("inside-several-inputs")).to_contain_text("x, x2", timeout=30_000)
    select = inside.get_by_test_id("inside-input-select")
    expect(select).to_have_value("x")  # the first image Input by default
    inside.get_by_test_id("inside-show").click()
    expect(inside.get_by_test_id("inside-layer-conv_a")).to_be_visible(timeout=60_000)
    expect(inside.get_by_test_id("inside-layer-conv_b")).to_have_count(0)
    first = inside.get_by_test_id("inside-input").get_attribute("src")
    select.select_option("x2")  # the same sample, looked at through x2: shown again
    expect(inside.get_by_test_id("inside-layer-conv_b")).to_be_visible(timeout=60_000)
    expect(inside.get_by_test_id("inside-layer-conv_a")).to_have_count(0)
    expect(inside.get_by_test_id("inside-input")).not_to_have_attribute("src", first or "")
    inside.get_by_test_id("inside-tab-gradcam").click()
    expect(inside.get_by_test_id("inside-cam-facts")).to_contain_text("conv_b")
    expect(inside.get_by_test_id("inside-error")).to_have_count(0)
