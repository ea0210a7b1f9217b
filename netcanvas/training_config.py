"""The training configuration: what the launch panel, `netcanvas train` and jobs send.

Torch-free, so the API can refuse an impossible configuration before a job is
queued. Defaults train a first network well: Adam at 1e-3, batches of 64.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Optimizer = Literal["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]
Schedule = Literal["none", "step", "exponential", "cosine", "warmup"]

NodeId = Annotated[str, Field(min_length=1, max_length=64)]


class TrainingConfig(BaseModel):
    """How to train: epochs, batches, optimizer, schedule, regularisation, device."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    epochs: int = Field(10, ge=1, le=10_000, description="Passes over the training set.")
    batch_size: int = Field(64, ge=1, le=65_536, description="Samples per optimizer step.")
    optimizer: Optimizer = Field(
        "adam",
        description="sgd; momentum (SGD with momentum); nesterov; adagrad; rmsprop; adam; adamw.",
    )
    lr: float = Field(1e-3, gt=0, le=10, description="Learning rate.")
    momentum: float = Field(0.9, ge=0, lt=1, description="Momentum of momentum/nesterov/rmsprop.")
    beta1: float = Field(0.9, ge=0, lt=1, description="Adam's first-moment decay.")
    beta2: float = Field(0.999, ge=0, lt=1, description="Adam's second-moment decay.")
    rho: float = Field(0.99, ge=0, lt=1, description="RMSProp's smoothing constant (alpha).")
    eps: float = Field(1e-8, gt=0, le=1, description="Added to denominators for stability.")
    weight_decay: float = Field(0.0, ge=0, le=1, description="L2 penalty (decoupled in adamw).")

    schedule: Schedule = Field("none", description="How the learning rate changes per epoch.")
    step_size: int = Field(10, ge=1, le=10_000, description="step: epochs between decays.")
    gamma: float = Field(0.1, gt=0, le=1, description="step/exponential: decay factor.")
    warmup_epochs: int = Field(1, ge=1, le=10_000, description="warmup: epochs to reach lr.")

    validation_split: float = Field(
        0.2, ge=0, lt=1, description="Fraction of the data held out when it has no second file."
    )
    early_stopping: bool = Field(False, description="Stop when validation loss stops improving.")
    patience: int = Field(5, ge=1, le=10_000, description="Epochs without improvement to wait.")
    keep_best: Literal["last", "val_loss", "val_accuracy"] = Field(
        "last", description="Which epoch's weights to keep."
    )

    seed: int = Field(0, ge=0, le=2**32 - 1, description="Same seed, same result on CPU.")
    device: Literal["auto", "cpu", "cuda"] = "auto"
    mixed_precision: bool = Field(False, description="bfloat16 autocast on a GPU; off on CPU.")

    init_from: str | None = Field(
        None,
        max_length=256,
        description="A previous run whose weights start this one, for nodes whose ids and "
        "shapes match (transfer learning).",
    )
    freeze: list[NodeId] = Field(
        default_factory=list, max_length=10_000, description="Node ids whose weights stay fixed."
    )
