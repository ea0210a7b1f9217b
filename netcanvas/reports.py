"""What a trained job reports, as the API publishes it: the evaluation, its samples, its
predictions page by page, a prediction.

The worker writes these as JSON (`worker/evaluation.py`, `worker/showcase.py`,
`worker/predict.py`) or as the arrays of `predictions.npz` that the API turns into rows
(`netcanvas/predictions.py`); the routes answer them through these models, so the OpenAPI
document and the editor's generated types say what the fields are. Fields a later
worker adds pass through (`extra="allow"`) instead of failing old clients. A field a
report lacks is left out of the answer (`response_model_exclude_unset`), never null, so
the schema does not offer null (`SkipJsonSchema[None]`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema


class Report(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Scores(Report):
    """Precision, recall and F1 of one class, or their average over the classes."""

    precision: float
    recall: float
    f1: float
    support: int = Field(description="Samples of the class (of all classes for an average).")


class ClassScores(Scores):
    class_name: str = Field(alias="class")


class Guess(Report):
    """One of a prediction's three most likely classes."""

    class_name: str = Field(alias="class")
    p: float = Field(description="Its probability.")


class Prediction(Report):
    """One evaluated validation sample: `index` into the validation split."""

    index: int
    label: str | SkipJsonSchema[None] = Field(None, description="The true class (classification).")
    predicted: str | list[Any] | SkipJsonSchema[None] = Field(
        None, description="The chosen class, or the predicted values (regression)."
    )
    top3: list[Guess] | SkipJsonSchema[None] = None
    target: list[Any] | SkipJsonSchema[None] = Field(
        None, description="The true values (regression)."
    )
    reconstruction_error: float | SkipJsonSchema[None] = Field(
        None, description="Autoencoders: the sample's MSE."
    )


class Standardisation(Report):
    """Tabular features were scaled as (x - mean) / std, per feature, with these values."""

    mean: list[Any]
    std: list[Any]


class Preprocessing(Report):
    """What inference must do to raw inputs, as training did."""

    input_shape: list[int]
    standardised: Standardisation | None = None
    images_scaled_to_0_1: bool | SkipJsonSchema[None] = None
    more_standardised: dict[str, Standardisation] | SkipJsonSchema[None] = Field(
        None,
        description="Several Inputs: each numeric input variable beside a standardised x "
        "(x2, ...) and how it was scaled, as `standardised` is for x.",
    )


class RocCurve(Report):
    """The ROC curve, thinned to 200 points at most: false and true positive rates."""

    fpr: list[float]
    tpr: list[float]


class AnomalyReport(Report):
    """An autoencoder's reconstruction error as an anomaly detector (`worker/anomaly.py`).

    Flagged: error >= a threshold. Bin k of each histogram holds the errors e with
    bin_edges[k] <= e < bin_edges[k + 1] (the last bin includes its end), so precision and
    recall of a threshold at any edge k are exact from the counts of bins k and above."""

    normal_class: str = Field(description="The class that is normal; every other is an anomaly.")
    bin_edges: list[float] = Field(description="201 edges, evenly spaced on a log scale.")
    counts: dict[str, list[int]] = Field(description="Each class's errors per bin.")
    threshold_index: int = Field(
        description="The default threshold's edge: the first at or above the 99th "
        "percentile of the normal samples' errors."
    )
    threshold: float
    precision: float = Field(description="Of `anomaly`, at the default threshold.")
    recall: float
    f1: float
    best_f1_index: int = Field(description="The edge whose threshold has the best F1.")
    roc: RocCurve
    auc: float = Field(description="The ROC curve's area, from every sample.")


class ForecastSeries(Report):
    """A time series split in time order: the truth and the forecast at every validation
    step, in time order (the last 5,000 steps at most), for the job page's chart."""

    steps: list[str] = Field(description="Each step's name: a date, or its index in the series.")
    truth: list[float] = Field(description="The true value (the first target value).")
    forecast: list[float] = Field(description="The network's forecast of it.")
    first: int = Field(0, description="Validation steps left out before these (past 5,000).")
    unit: str = Field("", description="The values' unit (°C), when the dataset says one.")


class Evaluation(Report):
    """The final evaluation: a confusion matrix and per-class scores, or regression errors."""

    task: str = Field(description="classification, regression or autoencoder.")
    split: str | SkipJsonSchema[None] = Field(
        None, description="The split evaluated: validation or training."
    )
    class_names: list[str] | SkipJsonSchema[None] = None
    confusion_matrix: list[list[int]] | SkipJsonSchema[None] = Field(
        None, description="Rows: the true class; columns: the predicted class."
    )
    per_class: list[ClassScores] | SkipJsonSchema[None] = None
    accuracy: float | SkipJsonSchema[None] = None
    macro_avg: Scores | SkipJsonSchema[None] = None
    weighted_avg: Scores | SkipJsonSchema[None] = None
    mse: float | SkipJsonSchema[None] = None
    mae: float | SkipJsonSchema[None] = None
    r2: float | SkipJsonSchema[None] = None
    max_error: float | SkipJsonSchema[None] = Field(
        None, description="Regression: the largest absolute error of any target value."
    )
    series: ForecastSeries | SkipJsonSchema[None] = Field(
        None,
        description="Regression on a time series split in time order: the forecast "
        "over the whole validation period beside the truth.",
    )
    reconstruction_mse: float | SkipJsonSchema[None] = None
    error_quantiles: dict[str, float] | SkipJsonSchema[None] = None
    anomaly: AnomalyReport | SkipJsonSchema[None] = Field(
        None, description="Autoencoders on a split labelled with a `normal` class."
    )
    preprocessing: Preprocessing | SkipJsonSchema[None] = None
    predictions: list[Prediction] | SkipJsonSchema[None] = Field(
        None, description="Up to 300 predictions, spread evenly over the split, for display."
    )
    predictions_total: int | SkipJsonSchema[None] = Field(
        None, description="The predictions there are in all: the evaluated split's size."
    )
    predictions_stored: int | SkipJsonSchema[None] = Field(
        None,
        description="The predictions `GET /api/jobs/{id}/predictions` pages through: all of "
        "them, up to 50,000 spread evenly over a larger split.",
    )
    loss: float | SkipJsonSchema[None] = Field(
        None, description="The split's mean loss; given in `test`."
    )
    test: Evaluation | SkipJsonSchema[None] = Field(
        None,
        description="The same report of the dataset's test split (its predictions are not "
        "stored: `predictions_stored` 0), when the dataset has one.",
    )
    calibration: CalibrationReport | SkipJsonSchema[None] = Field(
        None,
        description="Classification: the likelihood graph and the reliability diagram "
        "(`worker/calibration.py`).",
    )
    binary: BinaryScores | SkipJsonSchema[None] = Field(
        None,
        description="Two classes: each validation sample's label and positive-class "
        "probability, for moving the decision threshold in the browser.",
    )
    heads: dict[str, Evaluation] | SkipJsonSchema[None] = Field(
        None,
        description="A network with several losses: each head's report by loss node id, "
        "the primary (first) one first; the top level is the primary head's. Each adds "
        "`target` (the variable it trains on), `weight` and `head` (the loss's input node).",
    )


class SampleInput(Report):
    """One evaluated sample's input: an image as a data URL, or its values."""

    index: int
    image: str | SkipJsonSchema[None] = None
    values: Any = None
    label: str | SkipJsonSchema[None] = Field(
        None, description="Classification: its true class (the confusion matrix's row)."
    )
    predicted: str | SkipJsonSchema[None] = Field(
        None, description="Classification: the class predicted for it (the column)."
    )


class Samples(Report):
    """The inputs behind the evaluation's `predictions` (same `index`), the first samples of
    each confusion-matrix cell, and autoencoder reconstructions."""

    kind: str = Field(description="image or values.")
    samples: list[SampleInput]
    reconstructions: list[SampleInput] = Field(default_factory=list)
    per_cell: int | SkipJsonSchema[None] = Field(
        None,
        description="Classification: how many first samples (by index) of every "
        "confusion-matrix cell are held here, all of a smaller cell's, besides those of "
        "`predictions`: 12, fewer when there are many cells, 0 when some cell keeps none.",
    )


class PredictionPage(Report):
    """Some of a job's evaluated predictions, in index order (`GET .../predictions`)."""

    task: str
    total: int = Field(description="The predictions that match the filter, on all pages.")
    offset: int
    limit: int
    rows: list[Prediction]
    stored: int = Field(
        description="The predictions the job keeps: every evaluated one, up to 50,000."
    )
    evaluated: int = Field(description="The predictions there are in all (the split's size).")
    width: int | SkipJsonSchema[None] = Field(
        None, description="Regression: the values per sample; rows keep the first 16."
    )


class PredictAnswer(Report):
    """Class probabilities (one row per input) or values, for inputs sent to a trained job."""

    task: str
    class_names: list[str] | SkipJsonSchema[None] = None
    probabilities: list[list[float]] | SkipJsonSchema[None] = None
    predicted: list[str] | SkipJsonSchema[None] = None
    values: Any = None
    heads: dict[str, PredictAnswer] | SkipJsonSchema[None] = Field(
        None,
        description="A network with several heads: each head's answer by head node id, the "
        "primary first; the top level is the primary head's.",
    )


class CalibrationBin(Report):
    """The answers whose likelihood (the top class's probability) p is lo <= p < hi (the
    last bin includes 1): how many were right and wrong, their accuracy and mean likelihood."""

    lo: float
    hi: float
    right: int
    wrong: int
    accuracy: float | None = Field(description="right / (right + wrong); null when empty.")
    confidence: float | None = Field(description="The mean likelihood; null when empty.")


class CalibrationThreshold(Report):
    """Answering only when the likelihood is at least `threshold` (NNC's likelihood graph)."""

    threshold: float
    answered: int = Field(description="The samples answered: those of the bins from here up.")
    accuracy: float | None = Field(description="Of the answers given; null when none is.")
    coverage: float = Field(description="The share of samples answered.")


class CalibrationReport(Report):
    """How far the probabilities can be trusted: 10 equal bins of the likelihood, the
    expected calibration error, and accuracy and coverage by likelihood threshold."""

    bins: list[CalibrationBin] = Field(description="10 bins: 0-0.1, 0.1-0.2, ... 0.9-1.")
    ece: float = Field(
        description="Expected calibration error: sum over bins of "
        "(samples / all) * |accuracy - confidence|."
    )
    thresholds: list[CalibrationThreshold] = Field(description="t = 0, 0.1, ... 0.9.")
    total: int = Field(description="The samples evaluated.")
    source: str = Field(
        description="Where the probabilities come from: softmax (of the outputs), sigmoid "
        "(one output, two classes), sigmoid_each (BCE per class) or outputs (already "
        "probabilities, e.g. a Softmax before a squared-error loss)."
    )


class BinaryScores(Report):
    """A two-class report's samples (up to 5,000, spread evenly over the split): the label and
    the probability of the positive class (class 1), so any threshold can be recounted."""

    positive_class: str = Field(description="Class 1's name: the class a threshold flags.")
    labels: list[int] = Field(description="Each kept sample's true class, 0 or 1.")
    probabilities: list[float] = Field(
        description="Each kept sample's probability of the positive class, in the same order."
    )
    total: int = Field(description="The samples evaluated; more than kept past 5,000.")
