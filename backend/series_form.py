"""The time series fields of a dataset upload (`POST /api/datasets`), and keeping them.

`series_column` and `series_window` make an upload one long series
(`netcanvas.series.SeriesSettings`); `series_features` (more input columns,
comma-separated), `series_horizon` and `series_validation` are optional. Bad values
are a 422 naming the field, as FastAPI words any other form error. The settings are
kept beside the upload, where the worker's dataset loader finds them.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from netcanvas.series import SeriesSettings, settings_path

FIELDS = {
    "series_column": "column",
    "series_features": "features",
    "series_window": "window",
    "series_horizon": "horizon",
    "series_validation": "validation",
}
_TEXT = {"anyOf": [{"type": "string", "maxLength": 2000}, {"type": "null"}]}
SERIES_FIELDS: dict[str, Any] = {
    "series_column": _TEXT | {"title": "Series column",
                              "description": "The column to forecast: makes the file a series."},
    "series_features": _TEXT | {"title": "Series features",
                                "description": "More input columns, comma-separated."},
    "series_window": {"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "Series window",
                      "description": "Steps in each input window."},
    "series_horizon": {"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "Series horizon",
                       "description": "Steps ahead of the window to forecast (1: the next)."},
    "series_validation": {"anyOf": [{"type": "number"}, {"type": "null"}],
                          "title": "Series validation",
                          "description": "The last fraction of the windows, which validates."},
}  # fmt: skip


def series_settings(form: FormData) -> tuple[SeriesSettings | None, list[dict[str, Any]]]:
    """The series settings a form carries (None when it has none), and its problems as
    FastAPI's validation errors (`loc` names the form field)."""
    given = {
        key: value.strip()
        for key in FIELDS
        if isinstance(value := form.get(key), str) and value.strip()
    }
    if not given:
        return None, []
    fields: dict[str, Any] = {FIELDS[key]: value for key, value in given.items()}
    if "features" in fields:
        fields["features"] = [f.strip() for f in fields["features"].split(",") if f.strip()]
    try:
        return SeriesSettings.model_validate(fields), []
    except ValidationError as error:
        names = {value: key for key, value in FIELDS.items()}
        problems = []
        for problem in error.errors(include_url=False, include_context=False):
            field = names.get(str(problem["loc"][0]) if problem["loc"] else "", "series")
            msg = f"{field}: {problem['msg']}"  # the editor shows msg alone
            problems.append({**problem, "loc": ("body", field), "msg": msg})
        return None, problems


def keep_series_settings(upload: Path, settings: SeriesSettings) -> None:
    """Write the settings beside the upload under a temporary name, then rename it."""
    target = settings_path(upload)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    temporary.write_text(settings.model_dump_json(), encoding="utf-8")
    os.replace(temporary, target)
