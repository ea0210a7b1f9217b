"""Inside the network, from a finished job's page: a validation sample's feature maps (every
Conv2d, 16 channels at most), the first convolution's filters, Grad-CAM of the predicted class
and of another one, at the last convolution and at one picked in the layer select, and a drawn
digit instead of the sample; the API's 422 for a sample that is not stored. Takes the README's
screenshots (feature maps, Grad-CAM).

One short job through the API: the `digits_cnn` sample on `digits`, 2 epochs.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api, wait_until

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
RUN_MS = 180_000
ANSWER_MS = 60_000  # a worker loads the network and runs it once


def refusal(base_url: str, path: str, body: object) -> tuple[int, str]:
    request = urllib.request.Request(
        f"{base_url}{path}", json.dumps(body).encode(), {"content-type": "application/json"}
    )
    try:
        urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    return 200, ""


def test_feature_maps_filters_and_grad_cam_from_the_job_page(editor: Editor) -> None:
    body = {"graph": samples.load("digits_cnn"), "dataset": "digits",
            "config": {"epochs": 2, "batch_size": 16}}  # fmt: skip
    job_id = api(editor.base_url, "/api/jobs", body)["id"]
    page = editor.page
    page.goto(f"{editor.base_url}/#/jobs/{job_id}")
    expect(editor.testid("job-detail")).to_have_attribute(
        "data-status", "succeeded", timeout=RUN_MS
    )
    inside = editor.testid("inside")
    expect(inside).to_contain_text("Inside the network")
    stored = api(editor.base_url, f"/api/jobs/{job_id}/samples")["samples"]
    first = stored[0]
    expect(inside.get_by_test_id("inside-sample")).to_have_value(str(first["index"]))
    inside.get_by_test_id("inside-show").click()

    # Feature maps: conv1 (16 channels, 8×8) and conv2 (16 of its 32, 4×4), each with numbers.
    conv1, conv2 = (
        inside.get_by_test_id("inside-layer-conv1"),
        inside.get_by_test_id("inside-layer-conv2"),
    )
    expect(conv1.get_by_test_id("inside-map")).to_have_count(16, timeout=ANSWER_MS)
    expect(conv1).to_contain_text("16×8×8")
    expect(conv2.get_by_test_id("inside-map")).to_have_count(16)
    expect(conv2).to_contain_text("16 of 32 shown")
    expect(conv1.get_by_test_id("inside-map").first).to_contain_text(re.compile(r"#0 \S+ … \S+"))
    said = inside.get_by_test_id("inside-predicted")
    expect(said).to_contain_text(re.compile(r"Predicted \d \(\d+\.\d%\)"))
    # The class of the stored sample's PNG (8-bit), as the evaluation's almost always is.
    predicted = said.inner_text().split()[1]
    inside.screenshot(path=str(IMAGES / "feature-maps.png"))

    # The first convolution's 16 filters, 3×3 of one input channel.
    inside.get_by_test_id("inside-tab-filters").click()
    expect(inside.get_by_test_id("inside-filter")).to_have_count(16)
    expect(inside.get_by_test_id("inside-filters")).to_contain_text("16×1×3×3")
    expect(inside.get_by_test_id("inside-filters-mode")).to_contain_text("One input channel")

    # Grad-CAM of the predicted class at conv2, then of another class.
    inside.get_by_test_id("inside-tab-gradcam").click()
    facts = inside.get_by_test_id("inside-cam-facts")
    expect(facts).to_contain_text(f"Class {predicted}: probability")
    expect(facts).to_contain_text("layer conv2")
    overlay = inside.get_by_test_id("inside-overlay")
    expect(overlay).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    decoded = "img => img.complete && img.naturalWidth"  # a data URL decodes apart from the update
    wait_until(lambda: overlay.evaluate(decoded) == 8, what="the overlay decoded, 8 wide")
    expect(inside.get_by_test_id("inside-grid").locator("tr")).to_have_count(8)
    inside.screenshot(path=str(IMAGES / "grad-cam.png"))
    other = next(str(k) for k in range(10) if str(k) != predicted)
    inside.get_by_test_id("inside-class").select_option(other)
    expect(facts).to_contain_text(f"Class {other}: probability", timeout=ANSWER_MS)
    # Another layer from the layer select: the first convolution, the class kept.
    layers = inside.get_by_test_id("inside-cam-layer")
    expect(layers.locator("option")).to_have_text(["conv1", "conv2"])
    layers.select_option("conv1")
    expect(facts).to_contain_text("layer conv1", timeout=ANSWER_MS)
    expect(facts).to_contain_text(f"Class {other}: probability")

    # A drawn digit instead of the stored sample: new maps, the class back to the predicted one.
    inside.locator("summary").click()
    box = inside.get_by_test_id("draw-canvas").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.15)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.85, steps=12)
    page.mouse.up()
    expect(inside.get_by_test_id("inside-class")).to_have_value("", timeout=ANSWER_MS)
    expect(inside).to_have_attribute("data-busy", "false", timeout=ANSWER_MS)
    expect(inside.get_by_test_id("inside-error")).to_have_count(0)

    # The API names a sample the job did not keep.
    code, text = refusal(editor.base_url, f"/api/jobs/{job_id}/gradcam", {"sample": 10**6})
    assert code == 422 and "is not among the job's" in text, text
