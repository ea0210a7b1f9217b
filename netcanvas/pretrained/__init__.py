"""Pretrained weights that ship with NetCanvas: a starting point for transfer learning.

Each entry of `catalogue.json` (written by `scripts/pretrain.py`, which trains it)
names one safetensors file beside this module: the sample graph whose node ids
and shapes it fits, the built-in data it was trained on, its accuracy on data it
did not train on, and the file's sha256. A training config starts from one with
`init_from: "pretrained:<name>"` (`PREFIX`); numeric `init_from` values still name
an earlier job. The worker checks the sha256 before it reads a file
(`worker/pretrained.py`), and reads it with safetensors, never with pickle.
Torch-free, like the rest of `netcanvas`: the API lists this table.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from pydantic import BaseModel, ConfigDict, Field

PREFIX = "pretrained:"
CATALOGUE = "catalogue.json"


class PretrainedInfo(BaseModel):
    """One shipped set of weights, as `GET /api/pretrained` lists it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description='What `init_from: "pretrained:<name>"` takes.')
    title: str
    title_ja: str
    description: str
    description_ja: str
    sample: str = Field(description="The sample graph whose node ids and shapes it fits.")
    trained_on: str = Field(description="The data it was trained on, in words.")
    trained_on_ja: str
    accuracy: float = Field(description="Accuracy on held-out data of the same kind.")
    nodes: dict[str, list[int]] = Field(description="Each weight's key and shape.")
    file: str = Field(description="The safetensors file beside this module.")
    sha256: str
    size: int = Field(description="The file's size in bytes.")


@cache
def catalogue() -> dict[str, PretrainedInfo]:
    """Every shipped set of weights by name, in the catalogue's order."""
    text = resources.files(__name__).joinpath(CATALOGUE).read_text(encoding="utf-8")
    entries = [PretrainedInfo.model_validate(entry) for entry in json.loads(text)]
    return {entry.name: entry for entry in entries}


def name_of(init_from: str | None) -> str | None:
    """The pretrained name an `init_from` value asks for, or None when it names a job."""
    if init_from is None or not init_from.startswith(PREFIX):
        return None
    return init_from.removeprefix(PREFIX)


def weights_file(name: str) -> Traversable:
    """The safetensors file of a catalogue entry. Raises `KeyError` for an unknown name."""
    return resources.files(__name__).joinpath(catalogue()[name].file)
