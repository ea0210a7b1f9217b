"""What every dataset becomes: tensors in memory, split into training and validation (and test).

Samples are decoded once into tensors (images scaled to 0..1, tabular
features standardised with the training split's statistics), so epochs read
no files and batches are slices of tensors, on the GPU when they fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from netcanvas.messages import render

if TYPE_CHECKING:  # the upload reader (`inspect.py`) imports this module without torch
    import torch

MAX_PROBLEMS = 50
# Problems listed after the others however many came before: why the list stops.
LAST = {"dataset.stopped_checking"}

# Where a problem is, filled into a message as {where}: plain text (a file's name), or a
# message (netcanvas.messages.message) such as a CSV row, rendered in the reader's language.
Where = str | dict[str, Any]
# A problem or a warning as a message code of netcanvas.messages and its params.
Coded = tuple[str, dict[str, Any]]


class DatasetError(ValueError):
    """A dataset that cannot be used; the message names the row, file or name at fault.

    `problems` lists every problem found (the first `MAX_PROBLEMS`), so a user
    fixes a file in one go rather than one row per upload.
    """

    def __init__(
        self,
        message: str,
        problems: list[str] | None = None,
        coded: list[tuple[str, dict[str, Any]]] | None = None,
    ) -> None:
        super().__init__(message)
        self.problems = problems or [message]
        # each problem as a message code and params (netcanvas.messages); plain text if not given
        self.coded = coded or [("dataset.other", {"text": p}) for p in self.problems]
        self.total = 1  # how many problems the message summarises

    @classmethod
    def of(cls, code: str, **params: Any) -> DatasetError:
        """One problem: a code of netcanvas.messages and its params; the message is its English."""
        return cls(render(code, params), coded=[(code, params)])

    def localised(self, lang: str) -> tuple[str, list[str]]:
        """The message and the problems in `lang`; English is exactly `str(self)`, `problems`."""
        if lang == "en":
            return str(self), self.problems
        problems = [render(code, params, lang) for code, params in self.coded]
        more = self.total - 1
        if more < 1:
            return problems[0], problems
        code = "dataset.and_one_more" if more == 1 else "dataset.and_more"
        return render(code, {"first": problems[0], "count": more}, lang), problems


class Problems:
    """Collects the problems of many rows or files; `check()` raises them all at once."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.coded: list[tuple[str, dict[str, Any]]] = []
        self.more = 0
        self.last: list[tuple[str, dict[str, Any]]] = []  # LAST problems: listed at the end

    def add(self, code: str, **params: Any) -> None:
        """One problem: a code of netcanvas.messages and its params."""
        if code in LAST:
            self.last.append((code, params))
        elif len(self.found) < MAX_PROBLEMS:
            self.found.append(render(code, params))
            self.coded.append((code, params))
        else:
            self.more += 1

    def add_all(self, coded: list[tuple[str, dict[str, Any]]]) -> None:
        """Problems already coded, such as a caught `DatasetError`'s `coded`."""
        for code, params in coded:
            self.add(code, **params)

    def add_error(self, error: DatasetError) -> None:
        """A caught `DatasetError`'s problems, counting those it only counted (its `total`):
        `add_all(error.coded)` took its "... and 199,950 more" for one problem."""
        coded = [(code, params) for code, params in error.coded if code != "dataset.more"]
        self.add_all(coded)
        self.more += max(0, error.total - len(coded))

    def check(self) -> None:
        if not self.found and not self.last:
            return
        total = len(self.found) + self.more + len(self.last)
        found = self.found + [render(code, params) for code, params in self.last]
        message = found[0]
        if total > 1:
            message += f" (and {total - 1} more problem{'s' if total > 2 else ''})"
        listed = self.found + ([f"... and {self.more} more"] if self.more else [])
        coded = self.coded + ([("dataset.more", {"count": self.more})] if self.more else [])
        listed += found[len(self.found) :]
        coded += self.last
        error = DatasetError(message, listed, coded)
        error.total = total
        raise error


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
    # What is odd but usable (a class no sample has), as codes and params, shown with the preview.
    warnings: list[Coded] = field(default_factory=list)
    # A time series split in time order: each validation sample's target step, as text
    # (a date), in order, so the evaluation can draw the forecast over the period. None else.
    val_steps: list[str] | None = None
    # The test split, evaluated once after training and never trained or validated on;
    # None when the dataset has none (`holdout.py`).
    x_test: torch.Tensor | None = None
    y_test: torch.Tensor | None = None
    # More class-label target variables than y (`y2`, ...; several heads): (N,) int64 class
    # indices per split, and each variable's class names. Empty for most datasets.
    more_train: dict[str, torch.Tensor] = field(default_factory=dict)
    more_val: dict[str, torch.Tensor] = field(default_factory=dict)
    more_test: dict[str, torch.Tensor] = field(default_factory=dict)
    more_classes: dict[str, list[str]] = field(default_factory=dict)
    # More input variables than x (`x2`, ...; several Inputs): (N, *shape) per split, in the
    # same rows as x. Empty for most datasets; `worker/inputs.py` feeds them to the network.
    more_x_train: dict[str, torch.Tensor] = field(default_factory=dict)
    more_x_val: dict[str, torch.Tensor] = field(default_factory=dict)
    more_x_test: dict[str, torch.Tensor] = field(default_factory=dict)
    # Numeric input variables beside a standardised x (an upload's `x2:` number columns) are
    # standardised like x, with the training split's statistics: (mean, std) per variable,
    # each (*shape,) float32. Images and token ids are not; nor is anything when x is not.
    more_x_scaling: dict[str, tuple[torch.Tensor, torch.Tensor]] = field(default_factory=dict)
    # Each numeric input variable's column names from an upload's header (`Decoded.columns`).
    input_columns: dict[str, list[str]] = field(default_factory=dict)

    @property
    def input_shapes(self) -> dict[str, tuple[int, ...]]:
        """Every input variable's sample shape: x, then x2, ..."""
        more = {name: tuple(t.shape[1:]) for name, t in self.more_x_train.items()}
        return {"x": self.sample_shape, **more}

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
        """Samples per split; `test` only when there is a test split."""
        sizes = {"train": len(self.x_train), "validation": len(self.x_val)}
        if self.x_test is not None:
            sizes["test"] = len(self.x_test)
        return sizes
