"""The few PyTorch modules the catalogue needs that `torch.nn` lacks, and `construct`.

Imported only by layer builders, so only where torch is installed. Per-sample
axes are shifted by one here: PyTorch counts the batch axis, the graph doesn't.

Every builder creates its module through `construct`, which records the class
and the constructor's arguments on the module: `worker.codegen` writes them
back as the call that rebuilds it (`nn.Conv2d(1, 16, 5, stride=1, ...)`). The
classes below are copied verbatim into generated code, so they must depend on
`torch` and `nn` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

import torch
from torch import nn

ModuleT = TypeVar("ModuleT", bound=nn.Module)

INIT_ATTRIBUTE = "_netcanvas_init"


@dataclass(frozen=True)
class Init:
    """How a module was made: its class, by qualified name, and the arguments it was given."""

    qualname: str  # "torch.nn.modules.conv.Conv2d", "netcanvas.torch_modules.GRU"
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


def construct(cls: type[ModuleT], *args: Any, **kwargs: Any) -> ModuleT:
    """`cls(*args, **kwargs)`, remembering the call so that code can repeat it."""
    module = cls(*args, **kwargs)
    init = Init(f"{cls.__module__}.{cls.__qualname__}", args, dict(kwargs))
    setattr(module, INIT_ATTRIBUTE, init)
    return module


def recorded_init(module: nn.Module) -> Init | None:
    """What `construct` recorded for `module`; None for a module made some other way."""
    init = getattr(module, INIT_ATTRIBUTE, None)
    return init if isinstance(init, Init) else None


class GlobalAvgPool2d(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.mean(dim=(2, 3))  # (B, C, H, W) -> (B, C)


class Step(nn.Module):
    """The Heaviside step: 1 where x > 0, else 0. Its gradient is a straight-through
    estimator: the incoming gradient passes back unchanged (dy/dx = 1), so squared error
    against 0/1 targets gives the perceptron learning rule."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        step = (x > 0).to(x.dtype)
        # x - x.detach() is exactly 0 forward (unlike x + (step - x).detach(), which
        # rounds for large x) and carries x's gradient, 1, backward.
        return step + (x - x.detach())


class SumPool(nn.Module):
    """Sum pooling as average pooling (padding counted) times the window's size: unlike
    `divisor_override=1`, which neither ONNX exporter keeps and 1-D pooling lacks, this
    exports as it runs. In ceil mode the last window hangs over the end, where an average
    would divide by less: `end_padding` adds that many zeros at the end of each axis, so
    every window lies inside and the sum is the same."""

    def __init__(
        self,
        rank: int,
        kernel_size: tuple[int, ...],
        stride: int | tuple[int, ...] | None,
        padding: int | tuple[int, ...],
        end_padding: tuple[int, ...] = (),
    ) -> None:
        super().__init__()
        average = getattr(nn, f"AvgPool{rank}d")
        self.pool = average(kernel_size, stride, padding, count_include_pad=True)
        self.window = 1
        for size in kernel_size:
            self.window *= size
        # nn.functional.pad's order: the last axis first, (before, after) for each
        self.pad = [n for size in reversed(end_padding) for n in (0, size)]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if any(self.pad):
            x = nn.functional.pad(x, self.pad)
        average: torch.Tensor = self.pool(x)
        return average * self.window


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


class GaussianSample(nn.Module):
    """mu + exp(logvar / 2) · ε, ε ~ N(0, 1) drawn fresh on every call in training; mu, the
    mean, in eval mode, so a trained VAE's reconstruction of an input is always the same."""

    def forward(self, mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return mu
        return mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)


class KLDivergence(nn.Module):
    """KL(N(mu, exp(logvar)) ‖ N(0, 1)): −½·Σ(1 + logvar − mu² − exp(logvar)) over each
    sample's values, averaged over the batch."""

    def forward(self, mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
        terms = 1 + logvar - mu.pow(2) - logvar.exp()  # (B, *latent)
        return -0.5 * terms.flatten(1).sum(dim=1).mean()


class RandomNoise(nn.Module):
    """Fresh noise of `shape` per sample; `ref` gives the batch size and the device."""

    def __init__(self, shape: tuple[int, ...], distribution: str = "normal") -> None:
        super().__init__()
        self.shape = shape
        self.distribution = distribution

    def forward(self, ref: torch.Tensor) -> torch.Tensor:
        dtype = ref.dtype if ref.is_floating_point() else torch.float32
        size = (ref.shape[0], *self.shape)
        if self.distribution == "uniform":
            return torch.rand(size, device=ref.device, dtype=dtype) * 2 - 1  # (B, *shape)
        return torch.randn(size, device=ref.device, dtype=dtype)  # (B, *shape)

    def extra_repr(self) -> str:
        return f"shape={self.shape}, distribution={self.distribution!r}"


class Unlink(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.detach()  # no gradient flows back through it
