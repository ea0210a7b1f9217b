"""The training configuration: what the launch panel, `netcanvas train` and jobs send.

Torch-free, so the API can refuse an impossible configuration before a job is
queued. Defaults train a first network well: Adam at 1e-3, batches of 64.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .fields import described

Optimizer = Literal["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]
Schedule = Literal["none", "step", "exponential", "cosine", "warmup"]

NodeId = Annotated[str, Field(min_length=1, max_length=64)]
# The seed that picks a built-in dataset's test rows for `test_fraction`: fixed (the CLI's
# default `--test-seed`), so every job, and every view that reads a job's rows again (the
# API passes it on, `backend/held_out.py`), holds out the same rows.
CONFIG_TEST_SEED = 0


class TrainingConfig(BaseModel):
    """How to train: epochs, batches, optimizer, schedule, regularisation, device."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    epochs: int = described(
        10,
        title="Epochs",
        title_ja="エポック数",
        help="Passes over the training set.",
        help_ja="学習データを何周するか。",
        ge=1,
        le=10_000,
    )
    batch_size: int = described(
        64,
        title="Batch size",
        title_ja="バッチサイズ",
        help="Samples per optimizer step.",
        help_ja="1 回の更新に使うサンプル数。",
        ge=1,
        le=65_536,
    )
    last_batch: Literal["keep", "drop"] = described(
        "keep",
        title="Last partial batch",
        title_ja="端数のバッチ",
        help="keep: train on the smaller last batch of an epoch too; drop: leave it out "
        "(a different sample each epoch), so every step has the same shape.",
        help_ja="残す（keep）: エポック最後の小さいバッチも学習する。捨てる（drop）: 使わない"
        "（毎エポック別のサンプル）ので、すべてのステップが同じ形になる。",
    )
    optimizer: Optimizer = described(
        "adam",
        title="Optimizer",
        title_ja="最適化手法",
        help="sgd; momentum (SGD with momentum); nesterov; adagrad; rmsprop; adam; adamw.",
        help_ja="sgd、momentum（モーメンタム付き SGD）、nesterov、adagrad、rmsprop、adam、adamw。",
    )
    lr: float = described(
        1e-3,
        title="Learning rate",
        title_ja="学習率",
        help="Learning rate.",
        help_ja="1 回の更新で重みを動かす大きさ。",
        gt=0,
        le=10,
    )
    momentum: float = described(
        0.9,
        title="Momentum",
        title_ja="モーメンタム",
        help="Momentum of momentum/nesterov/rmsprop.",
        help_ja="momentum・nesterov・rmsprop のモーメンタム。",
        ge=0,
        lt=1,
    )
    beta1: float = described(
        0.9,
        title="β1",
        title_ja="β1",
        help="Adam's first-moment decay.",
        help_ja="Adam の 1 次モーメントの減衰率。",
        ge=0,
        lt=1,
    )
    beta2: float = described(
        0.999,
        title="β2",
        title_ja="β2",
        help="Adam's second-moment decay.",
        help_ja="Adam の 2 次モーメントの減衰率。",
        ge=0,
        lt=1,
    )
    rho: float = described(
        0.99,
        title="ρ (smoothing)",
        title_ja="ρ（平滑化）",
        help="RMSProp's smoothing constant (alpha).",
        help_ja="RMSProp の平滑化定数（alpha）。",
        ge=0,
        lt=1,
    )
    eps: float = described(
        1e-8,
        title="ε",
        title_ja="ε",
        help="Added to denominators for stability.",
        help_ja="数値を安定させるため分母に足す値。",
        gt=0,
        le=1,
    )
    weight_decay: float = described(
        0.0,
        title="Weight decay",
        title_ja="重み減衰",
        help="L2 penalty (decoupled in adamw).",
        help_ja="L2 正則化（adamw では分離型）。",
        ge=0,
        le=1,
    )

    schedule: Schedule = described(
        "none",
        title="LR schedule",
        title_ja="学習率スケジュール",
        help="How the learning rate changes per epoch.",
        help_ja="エポックごとの学習率の変え方。",
    )
    step_size: int = described(
        10,
        title="Step (epochs)",
        title_ja="ステップ（エポック）",
        help="step: epochs between decays.",
        help_ja="step: 減衰させる間隔のエポック数。",
        ge=1,
        le=10_000,
    )
    gamma: float = described(
        0.1,
        title="Decay γ",
        title_ja="減衰率 γ",
        help="step/exponential: decay factor.",
        help_ja="step・exponential: 学習率に掛ける減衰率。",
        gt=0,
        le=1,
    )
    warmup_epochs: int = described(
        1,
        title="Warm-up epochs",
        title_ja="ウォームアップ（エポック）",
        help="warmup: epochs to reach lr.",
        help_ja="warmup: 学習率に達するまでのエポック数。",
        ge=1,
        le=10_000,
    )

    validation_split: float = described(
        0.2,
        title="Validation split",
        title_ja="検証データの割合",
        help="Fraction of the data held out when it has no second file.",
        help_ja="検証用ファイルがないとき、検証に取り分けるデータの割合。",
        ge=0,
        lt=1,
    )
    test_fraction: float = described(
        0.0,
        title="Test fraction",
        title_ja="テストセットの割合",
        help="Fraction of a built-in dataset held out as the test set before the validation "
        "split, by a fixed seed (the same rows for every job on the same data); scored once "
        "after training, never used to pick weights. 0: no test set.",
        help_ja="検証データより先に、組み込みデータセットからテストセットとして取り分ける割合（固定のシードで"
        "選ぶので、同じデータならどのジョブでも同じ行）。学習後に一度だけ評価し、重みを選ぶのには使わない。"
        "0 ならテストセットなし。",
        ge=0,
        le=0.5,
    )
    early_stopping: bool = described(
        False,
        title="Early stopping",
        title_ja="早期終了",
        help="Stop when validation loss stops improving. To end with the best epoch's "
        "weights rather than the last one's, set Keep weights of to val_loss (the epoch of "
        "lowest validation loss).",
        help_ja="検証損失が改善しなくなったら止める。最後ではなく最良のエポックの重みで終えるには、"
        "保存する重みを val_loss（検証損失が最小のエポック）にする。",
    )
    patience: int = described(
        5,
        title="Patience (epochs)",
        title_ja="待機エポック数",
        help="Epochs without improvement to wait.",
        help_ja="改善がないまま待つエポック数。",
        ge=1,
        le=10_000,
    )
    keep_best: Literal["last", "val_loss", "val_accuracy"] = described(
        "last",
        title="Keep weights of",
        title_ja="保存する重み",
        help="Which epoch's weights to keep.",
        help_ja="どのエポックの重みを残すか。",
    )

    seed: int = described(
        0,
        title="Seed",
        title_ja="シード",
        help="Same seed, same result on CPU.",
        help_ja="同じシードなら CPU では同じ結果になる。",
        ge=0,
        le=2**32 - 1,
    )
    device: Literal["auto", "cpu", "cuda"] = described(
        "auto",
        title="Device",
        title_ja="デバイス",
        help=None,
        help_ja="auto は GPU があれば GPU、なければ CPU。",
    )
    mixed_precision: bool = described(
        False,
        title="Mixed precision",
        title_ja="混合精度",
        help="bfloat16 autocast on a GPU; off on CPU.",
        help_ja="GPU では bfloat16 で計算。CPU では無効。",
    )

    init_from: str | None = described(
        None,
        title="Start from weights of",
        title_ja="重みの初期値",
        help="A previous run whose weights start this one, for nodes whose ids and "
        "shapes match (transfer learning).",
        help_ja="以前の学習の重みから始める（ID と形が一致するノードのみ、転移学習）。",
        max_length=256,
    )
    freeze: list[NodeId] = described(
        title="Freeze nodes",
        title_ja="固定するノード",
        help="Node ids whose weights stay fixed.",
        help_ja="重みを更新しないノードの ID。",
        default_factory=list,
        max_length=10_000,
    )
