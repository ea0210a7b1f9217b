"""Loss functions: they end the graph and compare the network's output with a target."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from .base import Layer, LayerParams, Shape, ShapeError, Text, param

if TYPE_CHECKING:
    from torch import nn

TARGET = (
    "Target",
    "教師データ",
    "'label': the dataset's label. 'input': the input itself (autoencoders).",
    "'label'：データセットのラベル。'input'：入力そのもの（自己符号化器）。",
)

Target = Literal["label", "input"]


class RegressionLossParams(LayerParams):
    target: Target = param("label", *TARGET)


class HuberLossParams(RegressionLossParams):
    delta: Annotated[float, Field(gt=0, le=1e6)] = param(
        1.0,
        "Delta",
        "デルタ",
        "Errors smaller than this count as squared, larger as absolute.",
        "これより小さい誤差は二乗、大きい誤差は絶対値で数えます。",
    )


class CrossEntropyLossParams(LayerParams):
    label_smoothing: Annotated[float, Field(ge=0, lt=1)] = param(
        0.0,
        "Label smoothing",
        "ラベル平滑化",
        "Spread this much probability over other classes.",
        "この割合の確率を他のクラスに分配します。",
    )


def _scalar(p: LayerParams, inputs: list[Shape]) -> Shape:
    return ()


def _cross_entropy_infer(p: CrossEntropyLossParams, inputs: list[Shape]) -> Shape:
    if len(inputs[0]) == 0:
        raise ShapeError(code="loss.cross_entropy_scalar")
    return ()


def _builder(name: str) -> Any:
    def build(p: LayerParams, inputs: list[Shape]) -> nn.Module:
        from torch import nn

        from ..torch_modules import construct

        options: dict[str, Any] = {}
        if isinstance(p, HuberLossParams):
            options["delta"] = p.delta
        if isinstance(p, CrossEntropyLossParams):
            options["label_smoothing"] = p.label_smoothing
        module: nn.Module = construct(getattr(nn, name), **options)
        return module

    return build


def _loss(
    name: str, title: Text, help: Text, params: Any = RegressionLossParams, infer: Any = _scalar
) -> Layer[Any]:
    return Layer(
        type=name,
        category="loss",
        title=title,
        help=help,
        params=params,
        infer=infer,
        build=_builder(name),
    )


LAYERS: list[Layer[Any]] = [
    _loss(
        "MSELoss",
        Text("Squared error", "二乗誤差"),
        Text(
            "Mean of squared differences: the usual loss for regression.",
            "差の二乗の平均。回帰の標準的な損失です。",
        ),
    ),
    _loss(
        "L1Loss",
        Text("Absolute error", "絶対誤差"),
        Text(
            "Mean of absolute differences; less swayed by outliers.",
            "差の絶対値の平均。外れ値の影響を受けにくい損失です。",
        ),
    ),
    _loss(
        "HuberLoss",
        Text("Huber loss", "Huber 損失"),
        Text(
            "Squared for small errors, absolute for large ones.",
            "小さい誤差は二乗、大きい誤差は絶対値で数えます。",
        ),
        HuberLossParams,
    ),
    _loss(
        "CrossEntropyLoss",
        Text("Cross-entropy (multi-class)", "交差エントロピー（多クラス）"),
        Text(
            "For classification; takes raw scores (logits) and applies softmax itself.",
            "分類用。生のスコア（ロジット）を受け取り、内部でソフトマックスをかけます。",
        ),
        CrossEntropyLossParams,
        _cross_entropy_infer,
    ),
    _loss(
        "BCELoss",
        Text("Binary cross-entropy", "二値交差エントロピー"),
        Text(
            "For yes/no outputs; takes probabilities from a Sigmoid.",
            "二値分類用。シグモイドの出力（確率）を受け取ります。",
        ),
    ),
    _loss(
        "BCEWithLogitsLoss",
        Text("Binary cross-entropy with logits", "二値交差エントロピー（ロジット）"),
        Text(
            "For yes/no outputs; takes raw scores and applies the sigmoid itself.",
            "二値分類用。生のスコアを受け取り、内部でシグモイドをかけます。",
        ),
    ),
]

# Activations a loss applies itself: when one feeds the loss directly, the
# compiler trains on the activation's input so it is not applied twice.
FUSED_ACTIVATIONS = {
    "CrossEntropyLoss": ("Softmax", "LogSoftmax"),
    "BCEWithLogitsLoss": ("Sigmoid",),
}
