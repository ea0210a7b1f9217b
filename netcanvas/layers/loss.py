"""Loss functions: they end the graph and compare the network's output with a target."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from .base import Layer, LayerParams, Shape, ShapeError, TargetKind, Text, fmt, param

if TYPE_CHECKING:
    from torch import nn

TARGET = (
    "Target",
    "教師データ",
    "'label' (or 'y'): the dataset's label. 'y2', 'y3', …: another target variable. "
    "'input': the input itself (autoencoders); 'input:x2' names one of several Inputs. "
    "'zeros', 'ones': all 0 or all 1, shaped like the loss's input (a GAN's fake/real).",
    "'label'（または 'y'）：データセットのラベル。'y2'、'y3'、…：別の教師変数。"
    "'input'：入力そのもの（自己符号化器）。'input:x2' は複数の入力の1つを指します。"
    "'zeros'、'ones'：すべて 0 またはすべて 1（損失の入力と同じ形状。GAN の偽物／本物）。",
)
WEIGHT = (
    "Weight",
    "重み",
    "This loss's share of the total: the network trains on the sum of weight × loss.",
    "合計に占めるこの損失の割合。ネットワークは 重み × 損失 の合計で学習します。",
)

# Target variables y..y9 and input variables x..x9 (docs/GRAPH_UNITS_AND_NETWORKS.md section 2).
Target = Literal[
    "label", "input",
    "y", "y2", "y3", "y4", "y5", "y6", "y7", "y8", "y9",
    "input:x", "input:x2", "input:x3", "input:x4", "input:x5",
    "input:x6", "input:x7", "input:x8", "input:x9",
    "zeros", "ones",
]  # fmt: skip
# Cross-entropy compares with class labels only, never with an input.
LabelTarget = Literal["label", "y", "y2", "y3", "y4", "y5", "y6", "y7", "y8", "y9"]
Weight = Annotated[float, Field(ge=0, le=1e6)]


class RegressionLossParams(LayerParams):
    target: Target = param("label", *TARGET)
    weight: Weight = param(1.0, *WEIGHT)


class HuberLossParams(RegressionLossParams):
    delta: Annotated[float, Field(gt=0, le=1e6)] = param(
        1.0,
        "Delta",
        "デルタ",
        "Errors smaller than this count as squared, larger as absolute.",
        "これより小さい誤差は二乗、大きい誤差は絶対値で数えます。",
    )


class CrossEntropyLossParams(LayerParams):
    target: LabelTarget = param("label", *TARGET)
    weight: Weight = param(1.0, *WEIGHT)
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
    # One class index per sample: the scores must be one vector [C].
    if len(inputs[0]) == 0:
        raise ShapeError(code="loss.cross_entropy_scalar")
    if len(inputs[0]) > 1:
        raise ShapeError(code="loss.class_scores", shape=fmt(inputs[0]))
    return ()


def _binary_infer(name: str) -> Any:
    def infer(p: RegressionLossParams, inputs: list[Shape]) -> Shape:
        # Against labels, a yes/no output [1] or one-hot scores [C]; against the input, any shape.
        constant = p.target in ("zeros", "ones") or p.target.startswith("input")
        if not constant and len(inputs[0]) != 1:
            raise ShapeError(code="loss.binary_scores", layer=name, shape=fmt(inputs[0]))
        return ()

    return infer


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


def _summary(p: LayerParams) -> str:
    target, weight = getattr(p, "target", "label"), getattr(p, "weight", 1.0)
    parts = [] if target == "label" else [f"target: {target}"]
    if weight != 1.0:
        parts.append(f"×{weight:g}")
    return ", ".join(parts)


def _loss(
    name: str,
    title: Text,
    help: Text,
    target_kind: TargetKind,
    params: Any = RegressionLossParams,
    infer: Any = _scalar,
    **fields: Any,
) -> Layer[Any]:
    return Layer(
        type=name,
        category="loss",
        title=title,
        help=help,
        params=params,
        infer=infer,
        build=_builder(name),
        summary=_summary,
        role="loss",
        target_kind=target_kind,
        **fields,
    )


LAYERS: list[Layer[Any]] = [
    _loss(
        "MSELoss",
        Text("Squared error", "二乗誤差"),
        Text(
            "Mean of squared differences: the usual loss for regression. On class labels it "
            "compares an output [C] with one-hot targets (1 for the class, 0 elsewhere).",
            "差の二乗の平均。回帰の標準的な損失です。クラスラベルに対しては、出力 [C] を "
            "one-hot の教師データ（そのクラスが 1、ほかは 0）と比べます。",
        ),
        "values",
    ),
    _loss(
        "L1Loss",
        Text("Absolute error", "絶対誤差"),
        Text(
            "Mean of absolute differences; less swayed by outliers. On class labels it "
            "compares an output [C] with one-hot targets.",
            "差の絶対値の平均。外れ値の影響を受けにくい損失です。クラスラベルに対しては、"
            "出力 [C] を one-hot の教師データと比べます。",
        ),
        "values",
    ),
    _loss(
        "HuberLoss",
        Text("Huber loss", "Huber 損失"),
        Text(
            "Squared for small errors, absolute for large ones.",
            "小さい誤差は二乗、大きい誤差は絶対値で数えます。",
        ),
        "values",
        HuberLossParams,
    ),
    _loss(
        "CrossEntropyLoss",
        Text("Cross-entropy (multi-class)", "交差エントロピー（多クラス）"),
        Text(
            "For classification; takes raw scores (logits) and applies softmax itself.",
            "分類用。生のスコア（ロジット）を受け取り、内部でソフトマックスをかけます。",
        ),
        "class_index",
        CrossEntropyLossParams,
        _cross_entropy_infer,
        applies=("Softmax", "LogSoftmax"),
    ),
    _loss(
        "BCELoss",
        Text("Binary cross-entropy", "二値交差エントロピー"),
        Text(
            "For yes/no outputs; takes probabilities from a Sigmoid.",
            "二値分類用。シグモイドの出力（確率）を受け取ります。",
        ),
        "binary",
        infer=_binary_infer("BCELoss"),
        expects_probabilities=True,
    ),
    _loss(
        "BCEWithLogitsLoss",
        Text("Binary cross-entropy with logits", "二値交差エントロピー（ロジット）"),
        Text(
            "For yes/no outputs; takes raw scores and applies the sigmoid itself.",
            "二値分類用。生のスコアを受け取り、内部でシグモイドをかけます。",
        ),
        "binary",
        infer=_binary_infer("BCEWithLogitsLoss"),
        applies=("Sigmoid",),
    ),
]
