"""The training views beyond classification: regression with a forecast, typed values on a
tabular set, and an autoencoder's reconstructions.

Each test opens a sample, launches it from the editor's launch panel on its built-in dataset
with a few epochs and large batches (so that it finishes in seconds on a small machine),
waits for the job to succeed, then reads what the job page shows.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from tests.e2e.editor import Editor, wait_until

RUN_MS = 180_000
NUMBER = re.compile(r"^-?\d+\.\d+$")
NUMBER_OR_INT = re.compile(r"^-?\d+(\.\d+)?(e-?\d+)?$")
PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")


def launch(editor: Editor, sample: str, dataset: str, epochs: int, batch_size: int) -> Locator:
    """Open `sample`, train it on `dataset` through the launch panel; the succeeded job's detail."""
    editor.open_sample(sample)
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel).to_be_visible()
    expect(
        panel.get_by_test_id("launch-dataset").locator(f"option[value={dataset}]")
    ).to_have_count(1)
    panel.get_by_test_id("launch-dataset").select_option(dataset)
    expect(editor.testid("launch-mismatch")).to_have_count(0)
    panel.get_by_test_id("launch-epochs").fill(str(epochs))
    panel.get_by_test_id("launch-batch-size").fill(str(batch_size))
    panel.get_by_test_id("launch-start").click()

    expect(editor.page).to_have_url(re.compile(r"#/jobs/\d+$"))
    detail = editor.testid("job-detail")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_MS)
    expect(editor.testid("curve-loss")).to_have_attribute("data-points", str(epochs))
    return detail


def test_regression_metrics_scatter_and_forecast(editor: Editor) -> None:
    launch(editor, "lstm_sine", "sine", epochs=2, batch_size=128)

    evaluation = editor.testid("evaluation")
    expect(evaluation).to_have_attribute("data-task", "regression", timeout=30_000)
    metrics = editor.testid("regression-metrics")
    expect(metrics.locator("th")).to_have_text(["MSE", "MAE", "R²"])
    cells = metrics.locator("td")
    expect(cells).to_have_count(3)
    values = [text.strip() for text in cells.all_inner_texts()]
    assert all(NUMBER.match(v) for v in values), f"MSE, MAE, R² not all numbers: {values}"
    mse, mae, _r2 = (float(v) for v in values)
    assert mse >= 0 and mae >= 0, values

    # Predicted against actual: one circle per validation prediction.
    scatter = editor.testid("regression-scatter")
    expect(scatter).to_be_visible()
    circles = wait_until(
        lambda: scatter.locator("circle").count(), what="points on the predicted-vs-actual plot"
    )
    assert circles > 0
    # Its axes are named and its ends numbered (the plot had no words or numbers at all).
    expect(scatter.get_by_test_id("scatter-x")).to_have_text("actual →")
    expect(scatter.get_by_test_id("scatter-y")).to_have_text("predicted →")
    for end in ("scatter-low", "scatter-high"):
        assert NUMBER_OR_INT.match(scatter.get_by_test_id(end).text_content() or ""), end

    # Try it for a sequence: a validation window of 50 steps, then the true and the
    # forecast next value, drawn by uPlot; another window can be chosen.
    try_it = editor.testid("try-it")
    try_it.scroll_into_view_if_needed()
    forecast = try_it.get_by_test_id("forecast")
    expect(forecast).to_be_visible()
    expect(forecast).to_have_attribute("data-points", "51")
    choices = try_it.get_by_test_id("forecast-sample").locator("option")
    expect(choices).to_have_count(circles)  # one window per point of the plot
    try_it.get_by_test_id("forecast-sample").select_option(index=1)
    expect(forecast).to_have_attribute("data-points", "51")
    expect(forecast.locator("canvas")).not_to_have_count(0)
    expect(forecast).to_contain_text("truth")
    expect(forecast).to_contain_text("forecast")
    expect(editor.testid("curve-loss")).to_have_attribute("data-x-label", "epoch")

    # In Japanese the charts' own words follow: the forecast's legend and the epochs' axis.
    editor.testid("language").select_option("ja")
    expect(forecast).to_contain_text("実測")
    expect(forecast).to_contain_text("予測")
    expect(forecast).not_to_contain_text("truth")
    expect(editor.testid("curve-loss")).to_have_attribute("data-x-label", "エポック")
    expect(scatter.get_by_test_id("scatter-x")).to_have_text("実測値 →")


def test_tabular_try_it_with_typed_values(editor: Editor) -> None:
    launch(editor, "logistic_regression", "breast_cancer", epochs=3, batch_size=64)

    expect(editor.testid("evaluation")).to_have_attribute("data-task", "classification")
    expect(editor.testid("per-class").locator("tbody tr")).to_have_count(2)
    check_threshold_slider(editor)

    # One field per measurement: the Input's 30 values.
    try_it = editor.testid("try-it")
    try_it.scroll_into_view_if_needed()
    fields = try_it.locator("[data-testid^=try-value-]")
    expect(fields).to_have_count(30)
    for i in range(30):
        try_it.get_by_test_id(f"try-value-{i}").fill(f"{0.1 * (i % 7) + 0.05:.2f}")
    assert try_it.get_by_test_id("try-value-3").input_value() == "0.35"
    try_it.get_by_test_id("try-predict").click()

    probabilities = try_it.get_by_test_id("probabilities")
    expect(probabilities).to_be_visible(timeout=60_000)
    expect(probabilities.locator("[data-testid^=prob-]")).to_have_count(2)
    shares = []
    for name in ("malignant", "benign"):
        row = probabilities.get_by_test_id(f"prob-{name}")
        expect(row).to_have_count(1)
        expect(row.locator(".prob-name")).to_have_text(name)
        text = row.locator(".prob-value").inner_text().strip()
        match = PERCENT.match(text)
        assert match, f"prob-{name} shows {text!r}"
        shares.append(float(match.group(1)))
    assert abs(sum(shares) - 100) <= 0.2, f"the probabilities sum to {sum(shares)}%"
    expect(probabilities.locator(".prob.best")).to_have_count(1)

    # The threshold's explanation follows the class balance in Japanese too.
    balance = editor.testid("threshold-balance")
    case = balance.get_attribute("data-balance")
    editor.testid("language").select_option("ja")
    expect(balance).to_contain_text(BALANCE_JA[case or ""])
    if case != "negatives":
        expect(balance).not_to_contain_text("多数の陰性")


BALANCE_JA = {
    "negatives": "多数の陰性に支えられた精度はほとんど変わりません",
    "neither": "どちらのクラスも相手の 2 倍に達していません",
    "positives": "多数の陽性に支えられた精度はほとんど変わりません",
}


def threshold_counts(editor: Editor) -> list[int]:
    """The threshold view's 2 × 2 matrix: [TN, FP, FN, TP] of class 1."""
    return [int(editor.testid(f"threshold-{c}").inner_text()) for c in ("tn", "fp", "fn", "tp")]


def check_threshold_slider(editor: Editor) -> None:
    """A two-class job: at 0.5 the slider's matrix is the confusion matrix; moved to its ends,
    it recounts in the browser (recall 0.01 >= recall 0.5 >= recall 0.99, positives fixed)."""
    view = editor.testid("threshold")
    view.scroll_into_view_if_needed()
    expect(editor.testid("threshold-value")).to_have_text("0.50")
    cm = [int(editor.testid(f"cm-{r}-{c}").inner_text()) for r in (0, 1) for c in (0, 1)]
    at_half = threshold_counts(editor)
    assert at_half == cm
    check_balance_wording(editor, negatives=cm[0] + cm[1], positives=cm[2] + cm[3])
    slider = editor.testid("threshold-slider")
    slider.press("End")
    expect(editor.testid("threshold-value")).to_have_text("0.99")
    high = threshold_counts(editor)
    slider.press("Home")
    expect(editor.testid("threshold-value")).to_have_text("0.01")
    low = threshold_counts(editor)
    assert low[3] >= at_half[3] >= high[3]  # positives found
    assert low[1] >= at_half[1] >= high[1]  # negatives called positive
    assert sum(low) == sum(high) == sum(cm) and low[2] + low[3] == high[2] + high[3]
    editor.testid("threshold-half").click()
    expect(editor.testid("threshold-value")).to_have_text("0.50")


def check_balance_wording(editor: Editor, negatives: int, positives: int) -> None:
    """The explanation claims that accuracy, carried by the many negatives, hardly moves only
    where the negatives outnumber the positives two to one (the job's own counts)."""
    balance = editor.testid("threshold-balance")
    if negatives >= 2 * positives:
        expect(balance).to_have_attribute("data-balance", "negatives")
        expect(balance).to_contain_text(f"({negatives} to {positives})")
        expect(balance).to_contain_text("carried by the many negatives")
        return
    expect(balance).not_to_contain_text("carried by the many negatives")
    if positives >= 2 * negatives:
        expect(balance).to_have_attribute("data-balance", "positives")
        expect(balance).to_contain_text(f"({positives} to {negatives})")
    else:
        expect(balance).to_have_attribute("data-balance", "neither")
        expect(balance).to_contain_text(f"({negatives} of the other class, {positives} of class")
        expect(balance).to_contain_text("accuracy falls with it")


def test_autoencoder_reconstruction_error_and_images(editor: Editor) -> None:
    launch(editor, "conv_autoencoder", "mnist5k", epochs=1, batch_size=128)

    evaluation = editor.testid("evaluation")
    expect(evaluation).to_have_attribute("data-task", "autoencoder", timeout=30_000)
    expect(evaluation).to_contain_text(
        re.compile(
            r"Reconstruction MSE: \d+\.\d{5} \(p50 \d+\.\d{5}, p90 \d+\.\d{5}, p99 \d+\.\d{5}\)"
        )
    )

    # Each pair: the input image next to its reconstruction, both PNG data URLs.
    strip = editor.testid("reconstructions")
    pairs = strip.locator("figure.pair")
    expect(pairs).not_to_have_count(0, timeout=30_000)
    assert pairs.count() <= 24
    for i in range(pairs.count()):
        images = pairs.nth(i).locator("img")
        expect(images).to_have_count(2)
        sources = [images.nth(j).get_attribute("src") or "" for j in range(2)]
        assert all(s.startswith("data:image/png") for s in sources), sources
        assert sources[0] != sources[1], "a reconstruction identical to its input"
    decoded = "els => els.every(e => e.complete && e.naturalWidth > 0)"
    wait_until(lambda: strip.locator("img").evaluate_all(decoded), what="every image decoded")

    # No try-it for an autoencoder; the downloads are there.
    expect(editor.testid("try-it")).to_have_count(0)
    expect(editor.testid("downloads")).to_be_visible()
