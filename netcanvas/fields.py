"""Pydantic fields that carry a display name and one line of help in English and Japanese.

Layer parameters and the training configuration use them, so the editor can render
either form from the JSON Schema alone (`title`/`description`, `title_ja`/`description_ja`).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from pydantic_core import PydanticUndefined


def described(
    default: Any = PydanticUndefined,
    *,
    title: str,
    title_ja: str,
    help: str | None,
    help_ja: str,
    **constraints: Any,
) -> Any:
    """A field with its title and help in both languages; `help` is the English description."""
    return Field(
        default,
        title=title,
        description=help,
        json_schema_extra={"title_ja": title_ja, "description_ja": help_ja},
        **constraints,
    )
