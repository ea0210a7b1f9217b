"""What a trained job reports, as the API publishes it: the evaluation, its samples, a prediction.

The worker writes these as JSON (`worker/evaluation.py`, `worker/showcase.py`,
`worker/predict.py`); the routes answer them through these models, so the OpenAPI
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
    reconstruction_mse: float | SkipJsonSchema[None] = None
    error_quantiles: dict[str, float] | SkipJsonSchema[None] = None
    preprocessing: Preprocessing | SkipJsonSchema[None] = None
    predictions: list[Prediction] | SkipJsonSchema[None] = Field(
        None, description="The samples kept for display."
    )


class SampleInput(Report):
    """One evaluated sample's input: an image as a data URL, or its values."""

    index: int
    image: str | SkipJsonSchema[None] = None
    values: Any = None


class Samples(Report):
    """The inputs behind the evaluation's `predictions` (same `index`) and reconstructions."""

    kind: str = Field(description="image or values.")
    samples: list[SampleInput]
    reconstructions: list[SampleInput] = Field(default_factory=list)


class PredictAnswer(Report):
    """Class probabilities (one row per input) or values, for inputs sent to a trained job."""

    task: str
    class_names: list[str] | SkipJsonSchema[None] = None
    probabilities: list[list[float]] | SkipJsonSchema[None] = None
    predicted: list[str] | SkipJsonSchema[None] = None
    values: Any = None
