"""Layers of generative networks (docs/GRAPH_UNITS_AND_NETWORKS.md section 3): the VAE's
`GaussianSample` (mu, logvar → mu + exp(logvar/2)·ε in training, mu in eval mode) and
`KLDivergenceLoss`, the loss that pulls (mu, logvar) towards N(0, 1). The KL loss compares
with no dataset target (target kind "none"): it is one of several losses, summed with the
others by their weights (`worker/heads.py`), and fits any dataset
(`netcanvas.targets.fit_problem`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from .base import Cost, Layer, LayerParams, NoParams, Ports, Shape, Text, numel, param
from .loss import WEIGHT, Weight
from .structure import _same_shapes

if TYPE_CHECKING:
    from torch import nn

TWO = Ports(2, 2)
# Node types whose output noise replaces when a network draws samples (worker/samples.py);
# a graph holding one is generative (the job page shows its generated samples).
NOISE_TYPES = ("GaussianSample", "RandomNoise")  # RandomNoise: a GAN's (networks.py)


class KLDivergenceLossParams(LayerParams):
    # "none": no dataset target; the field exists so every loss states its target
    target: Literal["none"] = param(
        "none",
        "Target",
        "教師データ",
        "None: this loss compares the latent code (mu, logvar) with N(0, 1), not with data.",
        "なし：この損失はデータではなく、潜在変数 (mu, logvar) を N(0, 1) と比べます。",
    )
    weight: Weight = param(1.0, *WEIGHT)


def _kl_infer(p: KLDivergenceLossParams, inputs: list[Shape]) -> Shape:
    _same_shapes("KLDivergenceLoss")(NoParams(), inputs)
    return ()


def _module(name: str) -> Any:
    def build(p: LayerParams, inputs: list[Shape]) -> nn.Module:
        from .. import torch_modules

        module: nn.Module = torch_modules.construct(getattr(torch_modules, name))
        return module

    return build


def _kl_summary(p: KLDivergenceLossParams) -> str:
    return "" if p.weight == 1.0 else f"×{p.weight:g}"


def _sample_cost(p: NoParams, inputs: list[Shape], out: Shape) -> Cost:
    return Cost(macs=numel(out))  # one multiply-add per value: mu + sigma·ε


LAYERS: list[Layer[Any]] = [
    Layer(
        type="GaussianSample",
        category="generative",
        title=Text("Gaussian sample", "ガウス分布からのサンプル"),
        help=Text(
            "Inputs mu and log-variance (same shape): in training draws mu + exp(logvar/2)·ε "
            "with fresh noise ε ~ N(0, 1) on every call (the VAE's reparameterisation). A "
            "trained network (try-it, evaluation, validation, exports) gives the mean mu, so "
            "the same input always gives the same reconstruction; generated samples still "
            "draw their codes from N(0, 1).",
            "入力は平均 mu と対数分散 logvar（同じ形状）。学習中は呼ぶたびに新しいノイズ "
            "ε ~ N(0, 1) で mu + exp(logvar/2)·ε を引きます（VAE の再パラメータ化）。学習済みの"
            "ネットワーク（試用・評価・検証・エクスポート）では平均 mu を出すので、同じ入力から"
            "いつも同じ再構成が得られます。生成サンプルは従来どおり N(0, 1) からコードを引きます。",
        ),
        params=NoParams,
        infer=_same_shapes("GaussianSample"),
        build=_module("GaussianSample"),
        cost=_sample_cost,
        inputs=TWO,
    ),
    Layer(
        type="KLDivergenceLoss",
        category="loss",
        title=Text("KL divergence to N(0, 1)", "N(0, 1) への KL ダイバージェンス"),
        help=Text(
            "Inputs mu and log-variance of a VAE's latent code; no target: "
            "−½·Σ(1 + logvar − mu² − exp(logvar)), averaged over the batch.",
            "VAE の潜在変数の平均 mu と対数分散 logvar を受け取ります。教師データなし："
            "−½·Σ(1 + logvar − mu² − exp(logvar)) のバッチ平均。",
        ),
        params=KLDivergenceLossParams,
        infer=_kl_infer,
        build=_module("KLDivergence"),
        summary=_kl_summary,
        inputs=TWO,
        role="loss",
        target_kind="none",
    ),
]
