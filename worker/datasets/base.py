"""What every dataset becomes: tensors in memory, split into training and validation.

Samples are decoded once into tensors (images scaled to 0..1, tabular
features standardised with the training split's statistics), so epochs read
no files and batches are slices of tensors, on the GPU when they fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import torch

MAX_PROBLEMS = 50


class DatasetError(ValueError):
    """A dataset that cannot be used; the message names the row, file or name at fault.

    `problems` lists every problem found (the first `MAX_PROBLEMS`), so a user
    fixes a file in one go rather than one row per upload.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class Problems:
    """Collects the problems of many rows or files; `check()` raises them all at once."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.more = 0

    def add(self, message: str) -> None:
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(message)
        else:
            self.more += 1

    def check(self) -> None:
        if not self.found:
            return
        total = len(self.found) + self.more
        message = self.found[0]
        if total > 1:
            message += f" (and {total - 1} more problem{'s' if total > 2 else ''})"
        listed = self.found + ([f"... and {self.more} more"] if self.more else [])
        raise DatasetError(message, listed)


@dataclass
class Dataset:
    """A decoded dataset.

    x_*: (N, *sample_shape), float32, or int64 for token ids.
    y_*: classification: (N,) int64 class indices into `class_names`;
         regression: (N, *target_shape) float32.
    x_mean, x_std: (*sample_shape,) float32 when the features were standardised.
    """

    name: str
    task: Literal["classification", "regression"]
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_val: torch.Tensor
    y_val: torch.Tensor
    class_names: list[str] = field(default_factory=list)
    description: str = ""
    # Tabular features were standardised as (x - x_mean) / x_std with the training
    # split's statistics; new inputs need the same at inference. None: not standardised.
    x_mean: torch.Tensor | None = None
    x_std: torch.Tensor | None = None

    @property
    def sample_shape(self) -> tuple[int, ...]:
        return tuple(self.x_train.shape[1:])

    @property
    def target_shape(self) -> tuple[int, ...]:
        return tuple(self.y_train.shape[1:])

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    @property
    def sizes(self) -> dict[str, int]:
        return {"train": len(self.x_train), "validation": len(self.x_val)}
