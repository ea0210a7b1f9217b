"""Data augmentation: ImageAugmentation, RandomCrop, RandomShift, RandomErase.

Like Neural Network Console's layers of the same names, they change each
training image at random and do nothing in evaluation (validation, prediction,
exports). They take images `[C, H, W]`, keep the shape and have no weights.
RandomCrop here is crop-and-resize (the window is stretched back to the full
size), so the shape never changes, where NNC's RandomCrop outputs a smaller
image. The modules are `netcanvas.torch_augment`'s; the editor's Preview shows
their effect on a few images (`worker/augment_preview.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from .base import Layer, LayerParams, Shape, ShapeError, Text, need_rank, number, param

if TYPE_CHECKING:
    from torch import nn

CATEGORY = "augmentation"
MAX_SHIFT = 64


class ImageAugmentationParams(LayerParams):
    min_scale: Annotated[float, Field(ge=0.25, le=4)] = param(
        1.0,
        "Smallest scale",
        "最小倍率",
        "Each image is zoomed by a random factor from this to the largest scale (1: no zoom).",
        "各画像をこの値から最大倍率までのランダムな倍率で拡大縮小します（1 で変化なし）。",
    )
    max_scale: Annotated[float, Field(ge=0.25, le=4)] = param(
        1.0,
        "Largest scale",
        "最大倍率",
        "The largest zoom factor; at least the smallest scale.",
        "拡大縮小の最大倍率。最小倍率以上にします。",
    )
    angle: Annotated[float, Field(ge=0, le=180)] = param(
        0.0,
        "Rotation (degrees)",
        "回転角（度）",
        "Each image turns by a random angle from -angle to +angle, in degrees "
        "(NNC's angle is in radians: 0.26 there is 15 here).",
        "各画像を -角度 から +角度 のランダムな角度だけ回転します。単位は度です"
        "（NNC の angle はラジアン：0.26 がここでの 15）。",
    )
    flip_lr: bool = param(
        False,
        "Flip left-right",
        "左右反転",
        "Mirror half of the images left to right.",
        "画像の半分をランダムに左右反転します。",
    )
    flip_ud: bool = param(
        False,
        "Flip up-down",
        "上下反転",
        "Mirror half of the images top to bottom.",
        "画像の半分をランダムに上下反転します。",
    )
    brightness: Annotated[float, Field(ge=0, le=1)] = param(
        0.0,
        "Brightness",
        "明るさ",
        "Adds a random amount from -brightness to +brightness to every pixel of an image.",
        "画像の全画素に -明るさ から +明るさ のランダムな値を加えます。",
    )
    contrast: Annotated[float, Field(ge=1, le=4)] = param(
        1.0,
        "Contrast",
        "コントラスト",
        "Stretches each image around its mean by a random factor from 1/contrast to contrast "
        "(1: no change).",
        "各画像を平均値を中心に 1/コントラスト から コントラスト 倍のランダムな倍率で"
        "引き伸ばします（1 で変化なし）。",
    )
    noise: Annotated[float, Field(ge=0, le=1)] = param(
        0.0,
        "Noise",
        "ノイズ",
        "Standard deviation of Gaussian noise added to every pixel.",
        "全画素に加えるガウスノイズの標準偏差。",
    )


class RandomCropParams(LayerParams):
    min_size: Annotated[float, Field(ge=0.1, le=1)] = param(
        0.8,
        "Smallest window",
        "最小の切り出し幅",
        "A window of this to 1 times each side, at a random place, is cut out and stretched "
        "back to the full size.",
        "各辺のこの値から 1 倍の窓をランダムな位置で切り出し、元の大きさに引き伸ばします。",
    )


class RandomShiftParams(LayerParams):
    shift: Annotated[int, Field(ge=0, le=MAX_SHIFT)] = param(
        2,
        "Largest shift (pixels)",
        "最大移動量（画素）",
        "Each image moves by a random whole number of pixels from -shift to +shift, "
        "across and down.",
        "各画像を横と縦に -移動量 から +移動量 のランダムな整数画素だけ動かします。",
    )
    border: Literal["nearest", "zeros", "reflect"] = param(
        "nearest",
        "Border",
        "境界",
        "What fills the uncovered edge: the nearest edge pixel, zeros, or a mirror image.",
        "空いた縁を埋めるもの：最も近い縁の画素、0、または鏡像。",
    )


class RandomEraseParams(LayerParams):
    prob: Annotated[float, Field(ge=0, le=1)] = param(
        0.5,
        "Probability",
        "確率",
        "The fraction of images that get a rectangle erased.",
        "長方形を消す画像の割合。",
    )
    min_area: Annotated[float, Field(ge=0.01, le=1)] = param(
        0.02,
        "Smallest area",
        "最小面積",
        "The smallest rectangle, as a fraction of the image's area.",
        "消す長方形の最小の大きさ（画像の面積に対する割合）。",
    )
    max_area: Annotated[float, Field(ge=0.01, le=1)] = param(
        0.3,
        "Largest area",
        "最大面積",
        "The largest rectangle, as a fraction of the image's area.",
        "消す長方形の最大の大きさ（画像の面積に対する割合）。",
    )
    max_aspect: Annotated[float, Field(ge=1, le=10)] = param(
        3.0,
        "Largest aspect ratio",
        "最大縦横比",
        "The rectangle is up to this many times taller than wide, or wider than tall.",
        "長方形の縦横比（縦長・横長とも）の上限。",
    )
    fill: Literal["noise", "zeros"] = param(
        "noise",
        "Fill",
        "塗りつぶし",
        "Random values between the image's lowest and highest, or zeros.",
        "画像の最小値と最大値の間のランダムな値、または 0。",
    )


def _image(layer: str, shape: Shape) -> None:
    need_rank(layer, shape, 3, "[C, H, W]")


def _ordered(low_name: str, low: float, high_name: str, high: float) -> None:
    if low > high:
        raise ShapeError(
            field=high_name,
            code="shape.range_order",
            low_name=low_name,
            low=number(low),
            high_name=high_name,
            high=number(high),
        )


def _image_augmentation_infer(p: ImageAugmentationParams, inputs: list[Shape]) -> Shape:
    _image("ImageAugmentation", inputs[0])
    _ordered("min_scale", p.min_scale, "max_scale", p.max_scale)
    return inputs[0]


def _random_crop_infer(p: RandomCropParams, inputs: list[Shape]) -> Shape:
    _image("RandomCrop", inputs[0])
    return inputs[0]


def _random_shift_infer(p: RandomShiftParams, inputs: list[Shape]) -> Shape:
    _image("RandomShift", inputs[0])
    side = min(inputs[0][1:])
    if p.shift >= side:
        raise ShapeError(field="shift", code="shape.shift_too_large", shift=p.shift, side=side)
    return inputs[0]


def _random_erase_infer(p: RandomEraseParams, inputs: list[Shape]) -> Shape:
    _image("RandomErase", inputs[0])
    _ordered("min_area", p.min_area, "max_area", p.max_area)
    return inputs[0]


def _build(cls_name: str) -> Any:
    """A builder making `netcanvas.torch_augment.<cls_name>` with the parameters as keywords."""

    def build(p: LayerParams, inputs: list[Shape]) -> nn.Module:
        from .. import torch_augment
        from ..torch_modules import construct

        module: nn.Module = construct(getattr(torch_augment, cls_name), **p.model_dump())
        return module

    return build


def _image_summary(p: ImageAugmentationParams) -> str:
    parts = []
    if p.min_scale != 1 or p.max_scale != 1:
        parts.append(f"×{number(p.min_scale)}–{number(p.max_scale)}")
    if p.angle:
        parts.append(f"±{number(p.angle)}°")
    flips = "↔" * p.flip_lr + "↕" * p.flip_ud
    if flips:
        parts.append(flips)
    if p.brightness:
        parts.append(f"b±{number(p.brightness)}")
    if p.contrast != 1:
        parts.append(f"c×{number(p.contrast)}")
    if p.noise:
        parts.append(f"σ{number(p.noise)}")
    return " ".join(parts) or "off"


def _layer(type: str, title: Text, help: Text, params: Any, infer: Any, summary: Any) -> Layer[Any]:
    return Layer(
        type=type,
        category=CATEGORY,
        title=title,
        help=help,
        params=params,
        infer=infer,
        build=_build(type),
        summary=summary,
    )


LAYERS: list[Layer[Any]] = [
    _layer(
        "ImageAugmentation",
        Text("Image augmentation", "画像データ拡張"),
        Text(
            "While training, zooms, turns, flips and changes the brightness, contrast and noise "
            "of each image at random; does nothing in evaluation. [C, H, W].",
            "学習中だけ、各画像をランダムに拡大縮小・回転・反転し、明るさ・コントラスト・ノイズを"
            "変えます。評価では何もしません。[C, H, W]。",
        ),
        ImageAugmentationParams,
        _image_augmentation_infer,
        _image_summary,
    ),
    _layer(
        "RandomCrop",
        Text("Random crop", "ランダム切り出し"),
        Text(
            "While training, cuts a random window out of each image and stretches it back to "
            "the full size (crop-and-resize); does nothing in evaluation. [C, H, W].",
            "学習中だけ、各画像からランダムな窓を切り出して元の大きさに引き伸ばします"
            "（切り出してリサイズ）。評価では何もしません。[C, H, W]。",
        ),
        RandomCropParams,
        _random_crop_infer,
        lambda p: f"≥{number(p.min_size)}",
    ),
    _layer(
        "RandomShift",
        Text("Random shift", "ランダム移動"),
        Text(
            "While training, moves each image by a few pixels at random; does nothing in "
            "evaluation. [C, H, W].",
            "学習中だけ、各画像をランダムに数画素動かします。評価では何もしません。[C, H, W]。",
        ),
        RandomShiftParams,
        _random_shift_infer,
        lambda p: f"±{p.shift} px",
    ),
    _layer(
        "RandomErase",
        Text("Random erase", "ランダム消去"),
        Text(
            "While training, fills a random rectangle of some images with noise or zeros; does "
            "nothing in evaluation. [C, H, W].",
            "学習中だけ、一部の画像のランダムな長方形をノイズか 0 で塗りつぶします。"
            "評価では何もしません。[C, H, W]。",
        ),
        RandomEraseParams,
        _random_erase_infer,
        lambda p: f"p={number(p.prob)}",
    ),
]


def is_augmentation(layer: Layer[Any]) -> bool:
    return layer.category == CATEGORY


__all__ = ["CATEGORY", "LAYERS", "is_augmentation"]
