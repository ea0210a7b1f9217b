"""Write a trained network's artifacts: weights, graph, ONNX, code, evaluation, metrics, zip.

`write_artifacts` writes them all into one folder and says what it wrote: the
results a job needs to be done (`write_results`), then the exports that follow
from them (`write_exports`: ONNX, model.py, the bundle), which a job writes after
it is announced finished; each artifact also has its own small function. Weights go to safetensors,
never to pickle, so nothing a user downloads or uploads is ever unpickled.

Each file is written under a temporary name and renamed when complete
(`worker.atomic`), so a killed worker never leaves a half-written artifact.

The ONNX file is checked against PyTorch with onnxruntime before it is kept.
A network PyTorch cannot export (an operator without ONNX support) or whose
export does not reproduce PyTorch's outputs gets no `model.onnx`: the
returned `ArtifactInfo` says why, and the other artifacts are written anyway.
"""

from __future__ import annotations

import csv
import json
import logging
import math
import re
import shutil
import stat
import time
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime
import torch
from safetensors.torch import save_file

from netcanvas.artifacts import ARTIFACTS, BUNDLE, CODE, EVALUATION, GRAPH, METRICS, ONNX, WEIGHTS
from netcanvas.graph import FORMAT, Graph

from . import atomic
from .bundle_readme import README, bundle_readme
from .codegen import model_source
from .compiler import OUTPUTS, GraphNetwork, example_inputs

log = logging.getLogger(__name__)


ONNX_TOLERANCE = 1e-5  # largest absolute difference from PyTorch's outputs we accept
# Layers that draw fresh noise on every call in eval mode: ONNX's random operators cannot draw
# PyTorch's numbers, so such a network's file is checked for its outputs' shape and finiteness
# only. (A GaussianSample gives its mean in eval mode: a VAE's file is checked number by number.)
RANDOM_TYPES = ("RandomNoise",)
# Tried in this order. TorchScript's exporter takes 0.02-0.1 s for the samples, torch.export's
# 2-7 s in a fresh process (each run is one): it kept a small job from finishing for seconds.
EXPORTERS = ("TorchScript", "torch.export")


@dataclass(frozen=True)
class ArtifactInfo:
    """One artifact: where it was written and its size, or why it was not (`path` None)."""

    name: str
    path: Path | None
    size: int = 0
    reason: str | None = None  # why it was skipped
    detail: str = ""  # how it was checked, for a person to read


class OnnxExportError(RuntimeError):
    """PyTorch could not export the network to ONNX, or the export gives other outputs."""


def write_artifacts(
    network: GraphNetwork,
    graph: Graph,
    out_dir: Path,
    *,
    evaluation: Mapping[str, Any],
    metrics: Sequence[Mapping[str, Any]],
) -> list[ArtifactInfo]:
    """Write every artifact into `out_dir`: the results, then the exports and `bundle.zip`
    holding them all (`write_results`, `write_exports`).

    The network must be on the CPU; it is exported in eval mode and left in
    the mode it was in.
    """
    infos = write_results(network, graph, out_dir, evaluation=evaluation, metrics=metrics)
    infos += write_exports(network, graph.name, out_dir)
    return sorted(infos, key=lambda info: ARTIFACTS.index(info.name))  # the service's order


def write_results(
    network: GraphNetwork,
    graph: Graph,
    out_dir: Path,
    *,
    evaluation: Mapping[str, Any],
    metrics: Sequence[Mapping[str, Any]],
) -> list[ArtifactInfo]:
    """What a job needs to be done, quickly written: the weights, the graph, the
    evaluation and the metrics."""
    _require_cpu(network)
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic.remove_leftovers(out_dir)  # from a run that was killed while writing
    return [
        _info(write_weights(network, out_dir / WEIGHTS, graph_name=graph.name)),
        _info(write_graph(graph, out_dir / GRAPH)),
        _info(write_json(evaluation, out_dir / EVALUATION)),
        _info(write_metrics_csv(metrics, out_dir / METRICS)),
    ]


def write_exports(network: GraphNetwork, graph_name: str, out_dir: Path) -> list[ArtifactInfo]:
    """What follows from the results, slower: `model.onnx` (checked), `model.py`, and last
    `bundle.zip` of every artifact in `out_dir`. `out_dir` must exist: one that was removed
    (the job deleted meanwhile) is an `OSError`, never made again."""
    _require_cpu(network)
    if not out_dir.is_dir():
        raise FileNotFoundError(f"{out_dir} is gone")
    atomic.remove_leftovers(out_dir)  # from a writer killed while writing them (its claim gone)
    infos = [
        write_checked_onnx(network, out_dir / ONNX),
        _info(write_model_source(network, out_dir / CODE, graph_name, _evaluation(out_dir))),
    ]
    from .generator_export import write_discriminator_onnx, write_generator_onnx  # it imports us

    for write in (write_generator_onnx, write_discriminator_onnx):
        info = write(network, out_dir)
        if info is not None:
            infos.append(info)
    files = [out_dir / name for name in ARTIFACTS if name != BUNDLE and (out_dir / name).is_file()]
    missing = {info.name: info.reason or "" for info in infos if info.path is None}
    readme = bundle_readme(
        network, graph_name, _evaluation(out_dir), [file.name for file in files], missing
    )
    infos.append(_info(write_bundle(files, out_dir / BUNDLE, {README: readme})))
    return infos


def _evaluation(out_dir: Path) -> dict[str, Any] | None:
    """The run's `evaluation.json` (`write_results` wrote it first), or None."""
    try:
        value = json.loads((out_dir / EVALUATION).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _info(path: Path, detail: str = "") -> ArtifactInfo:
    return ArtifactInfo(path.name, path, path.stat().st_size, detail=detail)


# ---------------------------------------------------------------- one artifact each


def write_weights(network: GraphNetwork, path: Path, *, graph_name: str) -> Path:
    """The state_dict as safetensors: contiguous CPU copies, keys `node.parameter`."""
    tensors = {
        key: value.detach().cpu().clone(memory_format=torch.contiguous_format)
        for key, value in network.state_dict().items()
    }
    with atomic.replacing(path) as temporary:
        save_file(tensors, str(temporary), metadata={"format": FORMAT, "graph_name": graph_name})
    return path


def write_graph(graph: Graph, path: Path) -> Path:
    """The graph as it was loaded (fields it did not set stay out), pretty-printed."""
    return write_json(graph.model_dump(mode="json", exclude_unset=True), path)


def write_model_source(
    network: GraphNetwork,
    path: Path,
    graph_name: str,
    evaluation: Mapping[str, Any] | None = None,
) -> Path:
    """`model.py`: standalone PyTorch code that rebuilds the network and loads the weights
    (and, from the `evaluation`, the class names and the inputs' standardisation)."""
    source = model_source(network, graph_name, evaluation)
    with atomic.replacing(path) as temporary:
        temporary.write_text(source, encoding="utf-8")
    return path


def write_json(value: Any, path: Path) -> Path:
    """Pretty JSON; NaN and infinities (not JSON) become null, arrays and tensors lists."""
    text = json.dumps(_finite(value), indent=2, ensure_ascii=False, allow_nan=False)
    with atomic.replacing(path) as temporary:
        temporary.write_text(text + "\n", encoding="utf-8")
    return path


def _finite(value: Any) -> Any:
    if hasattr(value, "tolist"):  # numpy scalars and arrays, tensors
        return _finite(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def write_metrics_csv(rows: Sequence[Mapping[str, Any]], path: Path) -> Path:
    """One row per epoch; the header is every key, in the order first seen. Only plain values:
    the per-layer figures (`layers`, a mapping) are the browser view's, not a column."""
    rows = [{k: v for k, v in row.items() if not isinstance(v, Mapping | list)} for row in rows]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with (
        atomic.replacing(path) as temporary,
        temporary.open("w", newline="", encoding="utf-8") as file,
    ):
        writer = csv.DictWriter(file, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


# What every file in the bundle unzips as: readable by all, as a download is (the weights on
# disk are 0600, as safetensors writes them, and zipfile would give the README 0600 too).
BUNDLE_FILE_MODE = stat.S_IFREG | 0o644


def _readable(entry: zipfile.ZipInfo) -> zipfile.ZipInfo:
    entry.external_attr = BUNDLE_FILE_MODE << 16
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def write_bundle(files: Sequence[Path], path: Path, texts: Mapping[str, str] | None = None) -> Path:
    """A zip holding `files` at its top level, by their names, then `texts` (name: text,
    the README that says how to use them); each unzips as a file readable by all."""
    with (
        atomic.replacing(path) as temporary,
        zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as bundle,
    ):
        for file in files:
            entry = _readable(zipfile.ZipInfo.from_file(file, arcname=file.name))
            with file.open("rb") as source, bundle.open(entry, "w") as target:
                shutil.copyfileobj(source, target)
        for name, text in (texts or {}).items():
            entry = _readable(zipfile.ZipInfo(name, date_time=time.localtime()[:6]))
            bundle.writestr(entry, text.encode("utf-8"))
    return path


# ---------------------------------------------------------------- ONNX


def write_checked_onnx(network: GraphNetwork, path: Path) -> ArtifactInfo:
    """`model.onnx` from the first exporter whose file onnxruntime runs like PyTorch.

    The TorchScript exporter goes first, being fast; PyTorch's current one
    (torch.export) covers what it cannot. If neither gives a file
    that passes `check_onnx`, no file is left and the info says why. The file
    is checked under its temporary name: `path` only ever holds a checked export.
    """
    failures = []
    random = random_nodes(network)
    for exporter in EXPORTERS:
        try:
            with atomic.replacing(path) as temporary:
                export_onnx(network, temporary, exporter=exporter)
                difference = check_onnx(network, temporary, compare=not random)
        except OnnxExportError as error:
            failures.append(f"{exporter} exporter: {error}")
            continue
        if random:
            return _info(path, f"{exporter} exporter; {NOT_COMPARED}: {', '.join(random)}")
        return _info(path, f"{exporter} exporter; onnxruntime max abs diff {difference:.1e}")
    path.unlink(missing_ok=True)
    reason = "no ONNX export runs like PyTorch: " + "; ".join(failures)
    log.warning("model.onnx skipped: %s", reason)
    return ArtifactInfo(path.name, None, reason=reason)


def export_onnx(network: GraphNetwork, path: Path, *, exporter: str = EXPORTERS[0]) -> None:
    """Export the inference network (eval mode) with a dynamic batch axis.

    Inputs are named by the Input node ids, the outputs by the head node ids (several
    heads: every one, the primary first; `worker/heads.py`).
    Raises `OnnxExportError` with the exporter's own reason when it cannot.
    """
    from .heads import exported

    _require_cpu(network)
    inputs = example_inputs(network, 2, generator=torch.Generator().manual_seed(0))
    options: dict[str, Any]
    if exporter == "torch.export":
        batch = torch.export.Dim("batch")
        # `forward(*inputs)`: the dynamic shapes of its one varargs parameter
        dynamic = {"inputs": tuple({0: batch} for _ in inputs)}
        options = {"dynamo": True, "dynamic_shapes": dynamic, "external_data": False}
        options["verbose"] = False
    elif exporter == "TorchScript":
        names = [*network.input_ids, *network.output_ids]
        options = {"dynamo": False, "dynamic_axes": {name: {0: "batch"} for name in names}}
    else:
        raise ValueError(f"unknown exporter {exporter!r}; known: {', '.join(EXPORTERS)}")
    try:
        with _eval_mode(network), _quiet_exporter():
            torch.onnx.export(
                exported(network),
                inputs,
                str(path),
                input_names=network.input_ids,
                output_names=network.output_ids,
                **options,
            )
    except Exception as error:  # the exporters raise many kinds; all mean "cannot"
        raise OnnxExportError(f"cannot export: {_first_line(error)}") from error


NOT_COMPARED = "outputs not compared with PyTorch, random layers"


def random_nodes(network: GraphNetwork) -> list[str]:
    """The nodes on the exported heads' way that draw fresh noise on every call
    (`RANDOM_TYPES`), in graph order."""
    exported = {node for node, _ in network._plans[OUTPUTS]}
    return [
        node
        for node in network.order
        if node in exported and network.node_types.get(node) in RANDOM_TYPES
    ]


def check_onnx(
    network: GraphNetwork,
    path: Path,
    *,
    batch_size: int = 3,
    tolerance: float = ONNX_TOLERANCE,
    compare: bool = True,
) -> float:
    """Largest absolute difference between onnxruntime and PyTorch (eval mode) on a random batch.

    The batch size differs from the export's, so the batch axis is checked to be
    dynamic. Raises `OnnxExportError` when the difference exceeds `tolerance`,
    scaled by the outputs' magnitude where that is above one (float32 resolution).
    Without `compare` (a network with random layers) only the shape and finiteness count.
    """
    inputs = example_inputs(network, batch_size, generator=torch.Generator().manual_seed(1))
    with _eval_mode(network), torch.no_grad():
        every = [value.numpy() for value in network.heads(*inputs)]
    try:
        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        feeds = {node: x.numpy() for node, x in zip(network.input_ids, inputs, strict=True)}
        found = session.run(network.output_ids, feeds)
    except Exception as error:  # onnxruntime's errors have no common base we could name
        raise OnnxExportError(f"onnxruntime cannot run it: {_first_line(error)}") from error
    pairs = zip(found, every, strict=True)
    return max(_compare(a, e, tolerance, compare) for a, e in pairs)


def _compare(
    actual: Any, expected: Any, tolerance: float = ONNX_TOLERANCE, compare: bool = True
) -> float:
    """The largest absolute difference of one output, or `OnnxExportError` beyond tolerance."""
    if actual.shape != expected.shape:
        raise OnnxExportError(f"it gives shape {actual.shape}, PyTorch {expected.shape}")
    if not compare:  # random layers: fresh noise on both sides, so only finite values
        if not np.isfinite(actual).all():
            raise OnnxExportError("it gives values that are not finite")
        return 0.0
    difference = float(np.max(np.abs(actual - expected), initial=0.0))
    scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    if not difference <= tolerance * scale:  # also catches NaN
        raise OnnxExportError(
            f"it differs from PyTorch by up to {difference:.2e} (allowed: {tolerance * scale:.0e})"
        )
    return difference


@contextmanager
def _eval_mode(network: GraphNetwork) -> Iterator[None]:
    """Inference behaviour (dropout off, batch norm's running statistics), then as before."""
    was_training = network.training
    network.eval()
    try:
        yield
    finally:
        network.train(was_training)


@contextmanager
def _quiet_exporter() -> Iterator[None]:
    """The exporters warn and log about their internals (deprecations, RNN weights, missing
    torchvision); users can't act on that, and the onnxruntime check tells if the export is right.
    """
    logger = logging.getLogger("torch.onnx")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _first_line(error: BaseException) -> str:
    """The root cause's first line: the exporters wrap the useful message in generic ones."""
    while error.__cause__ is not None:
        error = error.__cause__
    lines = re.sub(r"\x1b\[[0-9;]*m", "", str(error)).strip().splitlines()
    return f"{type(error).__name__}: {lines[0][:300] if lines else ''}"


def _require_cpu(network: GraphNetwork) -> None:
    devices = {tensor.device.type for tensor in network.state_dict().values()}
    if devices - {"cpu"}:
        raise ValueError("export works on a network on the CPU: call network.to('cpu') first")
