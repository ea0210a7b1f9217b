"""How an uploaded CSV becomes a time series dataset: the settings an upload may carry.

One long series, a CSV column (`column`), optionally with more columns as extra input
features (`features`), is cut into windows of `window` steps, sliding by one, whose
target is `column` `horizon` steps after the window's last step; the last
`validation` fraction of the windows validates, in time order, never shuffled
(`worker/datasets/series.py`). The API checks these settings and keeps them beside the
upload as JSON (`SETTINGS_SUFFIX`); the worker reads them with it. Torch-free.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

SETTINGS_SUFFIX = ".series.json"
MAX_WINDOW = 10_000


class SeriesSettings(BaseModel):
    """Which column to forecast, from which columns, how far ahead, and the split."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    column: str = Field(min_length=1, max_length=200, description="The column to forecast.")
    features: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="More columns read as inputs beside `column` (its past is always one).",
    )
    window: int = Field(ge=1, le=MAX_WINDOW, description="Steps in each input window.")
    horizon: int = Field(1, ge=1, le=MAX_WINDOW, description="Steps ahead: 1 is the next step.")
    validation: float = Field(
        0.2, gt=0, lt=1, description="The last fraction of the windows, which validates."
    )

    @property
    def inputs(self) -> list[str]:
        """The input columns: the forecast column first, then the extra features."""
        return [self.column, *(f for f in self.features if f != self.column)]


def settings_path(upload: Path) -> Path:
    """Where an upload's series settings are kept: beside it, `<upload>.series.json`."""
    return upload.with_name(upload.name + SETTINGS_SUFFIX)


def read_settings(upload: Path) -> SeriesSettings | None:
    """The series settings kept beside an upload; None for an ordinary upload."""
    path = settings_path(upload)
    if not path.is_file():
        return None
    return SeriesSettings.model_validate_json(path.read_text(encoding="utf-8"))
