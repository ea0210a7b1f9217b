"""The files a training run writes and a job offers for download, named once.

The worker writes them (export, codegen, run), predict reads them back, and
the API serves only these names; the OpenAPI document publishes them as
`ArtifactName`, so the generated client knows them too. Torch-free.
"""

from __future__ import annotations

from typing import Literal, get_args

from typing_extensions import TypeAliasType

WEIGHTS = "model.safetensors"
ONNX = "model.onnx"
CODE = "model.py"
GRAPH = "graph.json"
EVALUATION = "evaluation.json"
METRICS = "metrics.csv"
BUNDLE = "bundle.zip"
GENERATOR_ONNX = "generator.onnx"  # a generative network's generator alone, noise in
DISCRIMINATOR_ONNX = "discriminator.onnx"  # a GAN's discriminator alone (its shared_as network)
SAMPLES = "samples.json"  # for the browser's evaluation view; not an artifact to download
PREDICTIONS = "predictions.npz"  # every evaluated prediction, paged by the API; not one either
BOUNDARY = "boundary.json"  # the latest decision boundary of a 2-D classifier; not one either
GENERATED = "generated.json"  # the latest generated samples of a generative network; nor this

ArtifactName = TypeAliasType(
    "ArtifactName",
    Literal[
        "model.safetensors",
        "model.onnx",
        "model.py",
        "graph.json",
        "evaluation.json",
        "metrics.csv",
        "bundle.zip",
        "generator.onnx",
        "discriminator.onnx",
    ],
)
ARTIFACTS: tuple[ArtifactName, ...] = get_args(ArtifactName.__value__)

assert (
    *(WEIGHTS, ONNX, CODE, GRAPH, EVALUATION, METRICS, BUNDLE),
    *(GENERATOR_ONNX, DISCRIMINATOR_ONNX),
) == ARTIFACTS
