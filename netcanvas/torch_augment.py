"""Data augmentation modules: random changes of a batch of images while training only.

Each takes a batch `(B, C, H, W)` and returns one of the same shape. In eval mode
(validation, prediction, ONNX export) they return their input untouched. In
training mode every sample gets its own random draw, made for the whole batch
at once with torch ops on the batch's device (`affine_grid` / `grid_sample` for
geometry, masks for erasing): no Python loop over samples. They draw from
torch's global generator, as Dropout does, so a job's seed (`torch.manual_seed`
before training) makes them reproducible, and checkpoints (which keep the RNG
state) resume them.

`worker.codegen` copies these classes verbatim into `model.py`, so they use
`torch` and `nn` only (functional ops as `torch.nn.functional.…`, no `math`).
"""

from __future__ import annotations

import torch
from torch import nn


class Augmentation(nn.Module):
    """Identity in eval mode; `augment(x)` on a training batch `(B, C, H, W)`."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return x
        return self.augment(x)

    def augment(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    @staticmethod
    def uniform(x: torch.Tensor, low: float, high: float) -> torch.Tensor:
        """One number per sample, uniform in [low, high]: (B,)."""
        draw = torch.rand(x.shape[0], device=x.device, dtype=torch.float32)
        return draw * (high - low) + low

    @staticmethod
    def log(value: float) -> float:
        """The natural logarithm of a setting (`math` is not imported by model.py)."""
        return float(torch.tensor(value, dtype=torch.float64).log())

    @staticmethod
    def warp(x: torch.Tensor, theta: torch.Tensor, padding_mode: str) -> torch.Tensor:
        """Sample each image at `theta @ (u, v, 1)`, in [-1, 1] coordinates: (B, 2, 3).

        In float32 whatever the batch's type: bf16 coordinates would miss by a pixel."""
        functional = torch.nn.functional
        grid = functional.affine_grid(theta.float(), list(x.shape), align_corners=False)
        out = functional.grid_sample(  # (B, C, H, W), read at the grid's (B, H, W, 2) points
            x.float(), grid, mode="bilinear", padding_mode=padding_mode, align_corners=False
        )
        return out.to(x.dtype)


class ImageAugmentation(Augmentation):
    """Scale, rotation, flips, brightness, contrast and noise, like NNC's ImageAugmentation."""

    def __init__(
        self,
        min_scale: float = 1.0,
        max_scale: float = 1.0,
        angle: float = 0.0,
        flip_lr: bool = False,
        flip_ud: bool = False,
        brightness: float = 0.0,
        contrast: float = 1.0,
        noise: float = 0.0,
    ) -> None:
        super().__init__()
        self.min_scale, self.max_scale, self.angle = min_scale, max_scale, angle
        self.flip_lr, self.flip_ud = flip_lr, flip_ud
        self.brightness, self.contrast, self.noise = brightness, contrast, noise

    def augment(self, x: torch.Tensor) -> torch.Tensor:
        geometric = self.min_scale != 1 or self.max_scale != 1 or self.angle or self.flip_lr
        if geometric or self.flip_ud:
            x = self.warp(x, self.theta(x), "zeros")
        if self.contrast != 1:
            spread = self.log(self.contrast)
            factor = torch.exp(self.uniform(x, -spread, spread)).to(x.dtype)[:, None, None, None]
            mean = x.mean(dim=(1, 2, 3), keepdim=True)
            x = (x - mean) * factor + mean
        if self.brightness:
            shift = self.uniform(x, -self.brightness, self.brightness).to(x.dtype)
            x = x + shift[:, None, None, None]
        if self.noise:
            x = x + torch.randn_like(x) * self.noise
        return x

    def theta(self, x: torch.Tensor) -> torch.Tensor:
        """Per sample: zoom by the scale, rotate by the angle (in pixels, so a non-square
        image turns without shearing), mirror where a flip is drawn: (B, 2, 3)."""
        height, width = x.shape[-2], x.shape[-1]
        scale = self.uniform(x, self.min_scale, self.max_scale)
        turn = self.uniform(x, -self.angle, self.angle) * (torch.pi / 180)
        cos, sin = torch.cos(turn) / scale, torch.sin(turn) / scale
        flip_x, flip_y = self.flips(x, self.flip_lr), self.flips(x, self.flip_ud)
        zero = torch.zeros_like(cos)
        rows = [
            torch.stack([cos * flip_x, -sin * flip_y * (height / width), zero], dim=1),
            torch.stack([sin * flip_x * (width / height), cos * flip_y, zero], dim=1),
        ]
        return torch.stack(rows, dim=1)  # (B, 2, 3)

    def flips(self, x: torch.Tensor, wanted: bool) -> torch.Tensor:
        """-1 for a sample mirrored along an axis (half of them when `wanted`), else 1: (B,)."""
        if not wanted:
            return torch.ones(x.shape[0], device=x.device)
        return torch.randint(0, 2, (x.shape[0],), device=x.device).float() * 2 - 1

    def extra_repr(self) -> str:
        return (
            f"scale=({self.min_scale}, {self.max_scale}), angle={self.angle}, "
            f"flip_lr={self.flip_lr}, flip_ud={self.flip_ud}, brightness={self.brightness}, "
            f"contrast={self.contrast}, noise={self.noise}"
        )


class RandomCrop(Augmentation):
    """Crop-and-resize: a random square-ish window of `min_size`..1 of each side, at a random
    place, stretched back to the full size (the shape never changes)."""

    def __init__(self, min_size: float = 0.8) -> None:
        super().__init__()
        self.min_size = min_size

    def augment(self, x: torch.Tensor) -> torch.Tensor:
        size = self.uniform(x, self.min_size, 1.0)  # the window's side, a fraction
        room = 1 - size  # how far its centre may move from the image's, in [-1, 1] units
        centre_x = (torch.rand_like(size) * 2 - 1) * room
        centre_y = (torch.rand_like(size) * 2 - 1) * room
        zero = torch.zeros_like(size)
        rows = [torch.stack([size, zero, centre_x], 1), torch.stack([zero, size, centre_y], 1)]
        return self.warp(x, torch.stack(rows, dim=1), "border")

    def extra_repr(self) -> str:
        return f"min_size={self.min_size}"


class RandomShift(Augmentation):
    """Moves each image by a random whole number of pixels, up to `shift` each way."""

    def __init__(self, shift: int = 2, border: str = "nearest") -> None:
        super().__init__()
        self.shift, self.border = shift, border

    def augment(self, x: torch.Tensor) -> torch.Tensor:
        count, height, width = x.shape[0], x.shape[-2], x.shape[-1]
        steps = torch.randint(-self.shift, self.shift + 1, (2, count), device=x.device).float()
        move_x, move_y = steps[0] * (2 / width), steps[1] * (2 / height)
        one, zero = torch.ones_like(move_x), torch.zeros_like(move_x)
        rows = [torch.stack([one, zero, move_x], 1), torch.stack([zero, one, move_y], 1)]
        modes = {"zeros": "zeros", "nearest": "border", "reflect": "reflection"}
        return self.warp(x, torch.stack(rows, dim=1), modes[self.border])

    def extra_repr(self) -> str:
        return f"shift={self.shift}, border={self.border!r}"


class RandomErase(Augmentation):
    """With probability `prob`, fills one random rectangle of each image (area `min_area`..
    `max_area` of the image, aspect ratio up to `max_aspect` either way) with zeros or noise."""

    def __init__(
        self,
        prob: float = 0.5,
        min_area: float = 0.02,
        max_area: float = 0.3,
        max_aspect: float = 3.0,
        fill: str = "noise",
    ) -> None:
        super().__init__()
        self.prob, self.min_area, self.max_area = prob, min_area, max_area
        self.max_aspect, self.fill = max_aspect, fill

    def augment(self, x: torch.Tensor) -> torch.Tensor:
        height, width = x.shape[-2], x.shape[-1]
        area = self.uniform(x, self.min_area, self.max_area) * (height * width)
        spread = self.log(self.max_aspect)
        aspect = torch.exp(self.uniform(x, -spread, spread))
        tall = torch.sqrt(area * aspect).clamp(max=height)  # (B,) in pixels
        wide = torch.sqrt(area / aspect).clamp(max=width)
        top = torch.rand_like(tall) * (height - tall)
        left = torch.rand_like(wide) * (width - wide)
        rows = torch.arange(height, device=x.device).float()[None, :, None]  # (1, H, 1)
        cols = torch.arange(width, device=x.device).float()[None, None, :]  # (1, 1, W)
        inside = (rows >= top[:, None, None]) & (rows < (top + tall)[:, None, None])
        inside = inside & (cols >= left[:, None, None]) & (cols < (left + wide)[:, None, None])
        chosen = torch.rand_like(tall) < self.prob
        mask = (inside & chosen[:, None, None])[:, None]  # (B, 1, H, W)
        return torch.where(mask, self.filler(x), x)

    def filler(self, x: torch.Tensor) -> torch.Tensor:
        """Zeros, or noise uniform between each image's own lowest and highest value."""
        if self.fill == "zeros":
            return torch.zeros_like(x)
        low = x.amin(dim=(1, 2, 3), keepdim=True)
        high = x.amax(dim=(1, 2, 3), keepdim=True)
        return low + torch.rand_like(x) * (high - low)

    def extra_repr(self) -> str:
        return (
            f"prob={self.prob}, area=({self.min_area}, {self.max_area}), "
            f"max_aspect={self.max_aspect}, fill={self.fill!r}"
        )
