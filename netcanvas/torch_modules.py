"""The few PyTorch modules the catalogue needs that `torch.nn` lacks.

Imported only by layer builders, so only where torch is installed. Per-sample
axes are shifted by one here: PyTorch counts the batch axis, the graph doesn't.
"""

from __future__ import annotations

import torch
from torch import nn


class GlobalAvgPool2d(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.mean(dim=(2, 3))  # (B, C, H, W) -> (B, C)


class Reshape(nn.Module):
    def __init__(self, shape: tuple[int, ...]) -> None:
        super().__init__()
        self.shape = shape

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.shape)

    def extra_repr(self) -> str:
        return f"shape={self.shape}"


class Concat(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dim = dim  # counts the batch axis

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        return torch.cat(xs, dim=self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Add(nn.Module):
    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        total = xs[0]
        for x in xs[1:]:
            total = total + x
        return total


class Multiply(nn.Module):
    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        product = xs[0]
        for x in xs[1:]:
            product = product * x
        return product


class _Sequence:
    """Gives PyTorch's recurrent layers one output, as the graph describes it.

    `return_sequences=True`: every step, (B, T, H·dirs). Otherwise the last
    step of each direction: the forward pass after reading the whole sequence
    and, when bidirectional, the backward pass after reading it backwards.
    Subclassing (rather than wrapping) keeps state_dict keys as PyTorch's.
    """

    bidirectional: bool
    return_sequences: bool

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, state = super().forward(x)  # type: ignore[misc]
        if self.return_sequences:
            return out  # type: ignore[no-any-return]
        hidden = state[0] if isinstance(state, tuple) else state  # (layers·dirs, B, H)
        dirs = 2 if self.bidirectional else 1
        return torch.cat(list(hidden[-dirs:]), dim=-1)  # (B, H·dirs)


class RNN(_Sequence, nn.RNN):  # type: ignore[misc]
    def __init__(self, *args: object, return_sequences: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.return_sequences = return_sequences


class LSTM(_Sequence, nn.LSTM):  # type: ignore[misc]
    def __init__(self, *args: object, return_sequences: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.return_sequences = return_sequences


class GRU(_Sequence, nn.GRU):  # type: ignore[misc]
    def __init__(self, *args: object, return_sequences: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.return_sequences = return_sequences
