"""Inference with a finished job's saved weights: `graph.json` + `model.safetensors`.

Nothing is unpickled: the graph is compiled again and the weights are read
with safetensors. Classification answers class probabilities (and the most
likely class); regression and autoencoders answer the output values.

Inputs come as a user sees the data: numbers in the dataset's own units (the
training standardisation, kept in `evaluation.json`, is applied here), or an
image file of any size, fitted to the Input's `[C, H, W]` and scaled to 0..1
as training images were.
"""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image
from safetensors.torch import load_file

from netcanvas.artifacts import EVALUATION, GRAPH, WEIGHTS
from netcanvas.graph import load_graph
from netcanvas.messages import message, render
from netcanvas.targets import BINARY_LOSSES

from .compiler import GraphNetwork, compile_graph
from .datasets.images import WIDE_GRAY_MODES, image_problem, too_many_pixels, wide_gray
from .targets import TargetPlan, class_scores


class PredictError(ValueError):
    """The inputs do not fit the network, or the job has no weights: a message code of
    `netcanvas.messages` and its params; its text (`str`) is the English wording."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(render(code, params))
        self.code, self.params = code, params

    def answer(self) -> dict[str, Any]:
        """The worker's refusal: `error` in English (as before codes), `code` and `params`."""
        return {"error": str(self), "code": self.code, "params": self.params}

    def worded(self) -> dict[str, Any]:
        """The refusal as a message value, to fill into another message in any language."""
        return message(self.code, **self.params)


def load_network(folder: Path) -> tuple[GraphNetwork, dict[str, Any]]:
    """The trained network in eval mode, and its evaluation (task and class names)."""
    weights, graph_file = folder / WEIGHTS, folder / GRAPH
    if not weights.is_file() or not graph_file.is_file():
        raise PredictError("predict.no_weights")
    network = compile_graph(load_graph(json.loads(graph_file.read_text())))
    network.load_state_dict(load_file(str(weights)))
    evaluation_file = folder / EVALUATION
    evaluation = json.loads(evaluation_file.read_text()) if evaluation_file.is_file() else {}
    return network.eval(), evaluation


def input_shape(network: GraphNetwork) -> tuple[int, ...]:
    if len(network.input_ids) != 1:
        raise PredictError("predict.network_one_input")
    return tuple(network.input_shapes[0])


def as_tensor(network: GraphNetwork, inputs: list[Any]) -> torch.Tensor:
    """A batch of samples, checked against the Input's shape."""
    return _tensor_for(network, network.input_ids[0], input_shape(network), inputs)


def _tensor_for(
    network: GraphNetwork, node: str, shape: tuple[int, ...], inputs: Any
) -> torch.Tensor:
    """One Input's sample or batch as a tensor (N, *shape), checked against its shape."""
    try:
        tensor = torch.tensor(inputs, dtype=torch.float32)
    except (TypeError, ValueError, OverflowError):  # Overflow: 10**400, no float
        raise not_an_array(node, inputs) from None
    if tuple(tensor.shape) == shape:
        tensor = tensor.unsqueeze(0)
    if tuple(tensor.shape[1:]) != shape:
        raise PredictError(
            "predict.sample_shape", shape=str(list(shape)), got=str(list(tensor.shape))
        )
    _refuse_non_finite(tensor)
    if node in network.token_vocab:
        tensor = _token_ids(node, tensor, network.token_vocab[node])
    return tensor


def not_an_array(node: str, inputs: Any) -> PredictError:
    """Why `inputs` is no array of numbers, naming the Input and the place (never torch's
    words): the first value that is not a number, one no float holds, or a ragged list."""
    expected: list[int | None] = []  # each depth's length, from the first list met there

    def walk(value: Any, where: list[int]) -> PredictError | None:
        depth = len(where)
        if isinstance(value, list):
            if len(expected) <= depth:
                expected.append(len(value))
            elif expected[depth] is None or expected[depth] != len(value):
                return _ragged(node, where, value, expected[depth])
            for index, item in enumerate(value):
                found = walk(item, [*where, index])
                if found is not None:
                    return found
            return None
        if not isinstance(value, int | float):  # true and false count, as torch takes them
            return PredictError("predict.not_numeric", node=node, where=str(where),
                                value=_shown(value))  # fmt: skip
        if len(expected) <= depth:
            expected.append(None)
        elif expected[depth] is not None:  # a number where its neighbours are lists
            return _ragged(node, where, value, expected[depth])
        if isinstance(value, int) and abs(value) > 2**128:
            return PredictError("predict.not_finite", value=_shown(value), where=str(where))
        return None

    return walk(inputs, []) or PredictError("predict.not_numeric", node=node, where="[]",
                                            value=_shown(inputs))  # fmt: skip


def _ragged(node: str, where: list[int], value: Any, expected: int | None) -> PredictError:
    got = len(value) if isinstance(value, list) else None
    return PredictError("predict.ragged", node=node, where=str(where),
                        got=_count(got), expected=_count(expected))  # fmt: skip


def _count(length: int | None) -> dict[str, Any]:
    return message("predict.a_number") if length is None else message("predict.a_list", n=length)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, int) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _refuse_non_finite(tensor: torch.Tensor) -> None:
    """NaN, infinities and numbers beyond float32 (1e39) would answer NaN or a saturated
    class; refused, naming the first such value's place in the batch."""
    bad = (~torch.isfinite(tensor)).nonzero()
    if len(bad):
        where = [int(i) for i in bad[0]]
        raise PredictError("predict.not_finite", value=str(tensor[tuple(where)].item()),
                           where=str(where))  # fmt: skip


def _token_ids(node: str, tensor: torch.Tensor, vocab: int) -> torch.Tensor:
    """Token ids as int64; one that is not a whole number in 0..vocab-1 is refused (an
    Embedding has no row for it: model.py would fail, so try-it must not guess)."""
    bad = ((tensor != tensor.round()) | (tensor < 0) | (tensor >= vocab)).nonzero()
    if len(bad):
        where = [int(i) for i in bad[0]]
        value = tensor[tuple(where)].item()
        shown = str(int(value)) if value == round(value) else f"{value:g}"  # float32: 2.7
        raise PredictError("predict.token_ids", node=node, last=vocab - 1, value=shown,
                           where=str(where))  # fmt: skip
    return tensor.long()


def standardise(x: torch.Tensor, evaluation: dict[str, Any], variable: str = "x") -> torch.Tensor:
    """The same (x - mean) / std the training data of `variable` had, when it had one (x's
    in `standardised`, a numeric x2's, ... in `more_standardised`)."""
    preprocessing = evaluation.get("preprocessing", {})
    if variable == "x":
        scaling = preprocessing.get("standardised")
    else:
        scaling = (preprocessing.get("more_standardised") or {}).get(variable)
    if not scaling or x.dtype != torch.float32:
        return x
    mean = torch.tensor(scaling["mean"], dtype=torch.float32)
    std = torch.tensor(scaling["std"], dtype=torch.float32)
    return (x - mean) / std


def image_tensor(data: bytes, shape: tuple[int, ...]) -> torch.Tensor:
    """An image file fitted to the Input `[C, H, W]`: resized, gray or RGB, 0..1; (1, C, H, W)."""
    if len(shape) != 3 or shape[0] not in (1, 3):
        raise PredictError("predict.not_image_input", shape=str(list(shape)))
    channels, height, width = shape
    kind = None  # the format Pillow found, for the message when the data then fails
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                kind = opened.format
                opened.load()
                image = _on_black(opened)
                if image.mode not in WIDE_GRAY_MODES:
                    image = image.convert("L" if channels == 1 else "RGB")
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise PredictError("predict.image_too_many_pixels", text=too_many_pixels(error)) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise PredictError("predict.not_an_image", text=image_problem(error, kind)) from None
    if image.mode in WIDE_GRAY_MODES:  # 16-bit or float: scaled as training scaled them
        image = Image.fromarray(wide_gray(image))  # mode "F"
    if image.size != (width, height):
        image = image.resize((width, height), Image.Resampling.BOX)  # averages when shrinking
    values = np.asarray(image, dtype=np.float32) / (1.0 if image.mode == "F" else 255.0)
    if image.mode == "F" and channels == 3:  # gray fills the three channels
        values = np.repeat(values[..., None], 3, axis=2)
    array = values[None] if channels == 1 else values.transpose(2, 0, 1)
    return torch.from_numpy(np.ascontiguousarray(array)).unsqueeze(0)


def _on_black(image: Image.Image) -> Image.Image:
    """Transparent pixels (a drawing on a clear canvas) become black, the background of ink."""
    if image.mode not in ("RGBA", "LA", "PA", "P") and "transparency" not in image.info:
        return image
    rgba = image.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, (0, 0, 0, 255)), rgba)


@torch.no_grad()
def predict(
    folder: Path,
    inputs: list[Any] | dict[str, Any] | None,
    image: bytes | None = None,
    images: dict[str, bytes] | None = None,
    chunk: int = 64,
) -> dict[str, Any]:
    """Probabilities per class, or values, for each sample in `inputs`, or for one image.
    With several Inputs, `inputs` maps each Input's variable (`x`, `x2`, …) to its sample or
    batch, and `images` to an image file, either way for every Input. The network runs on
    `chunk` samples at a time (the job's batch size, whose memory its launch checked): a
    request of many small samples cannot make a large network's activations unbounded."""
    network, evaluation = load_network(folder)
    if images is not None or isinstance(inputs, dict):
        given = inputs if isinstance(inputs, dict) else {}
        xs = by_variable(network, evaluation, given, images or {})
    elif image is not None:
        xs = (image_tensor(image, input_shape(network)),)  # (1, C, H, W)
    else:
        variable = network.input_variables[0]  # one Input: x, or the variable it reads
        xs = (standardise(as_tensor(network, inputs or []), evaluation, variable),)
    answer: dict[str, Any] = {}
    for start in range(0, max(1, len(xs[0])), max(1, chunk)):
        part = tuple(x[start : start + max(1, chunk)] for x in xs)
        found = _primary(network, evaluation, *part)
        if len(network.output_ids) > 1:  # several heads: worker/heads.py
            from .heads import head_predictions

            found["heads"] = head_predictions(network, evaluation, *part)
        _extend(answer, found)
    return answer


ROWS = ("probabilities", "predicted", "values")  # one item per sample in an answer


def _extend(answer: dict[str, Any], more: dict[str, Any]) -> None:
    """`answer` with the rows of `more`, the answer for the next samples, after its own."""
    for key, value in more.items():
        if key not in answer:
            answer[key] = value
        elif key in ROWS:
            answer[key].extend(value)
        elif isinstance(value, dict):  # heads, by node id
            for head, rows in value.items():
                _extend(answer[key].setdefault(head, {}), rows)


def by_variable(
    network: GraphNetwork,
    evaluation: dict[str, Any],
    inputs: dict[str, Any],
    images: dict[str, bytes],
) -> tuple[torch.Tensor, ...]:
    """One tensor per Input from the values (or image) given for the variable it reads; the
    training standardisation applies to each variable it was measured on (`x`, numeric x2, ...)."""
    wanted = set(network.input_variables)
    unknown = sorted((set(inputs) | set(images)) - wanted)
    if unknown:
        raise PredictError("predict.unknown_variables", unknown=", ".join(unknown),
                           known=", ".join(network.input_variables))  # fmt: skip
    tensors = []
    for node, variable, shape in zip(
        network.input_ids, network.input_variables, network.input_shapes, strict=True
    ):
        if variable in images:
            tensors.append(image_tensor(images[variable], tuple(shape)))
        elif variable in inputs:
            tensor = _tensor_for(network, node, tuple(shape), inputs[variable])
            tensors.append(standardise(tensor, evaluation, variable))
        else:
            raise PredictError("predict.missing_variable", node=node, variable=variable)
    if len({len(t) for t in tensors}) > 1:
        sizes = ", ".join(
            f"{v}: {len(t)}" for v, t in zip(network.input_variables, tensors, strict=True)
        )
        raise PredictError("predict.sample_counts", sizes=sizes)
    return tuple(tensors)


def _primary(
    network: GraphNetwork, evaluation: dict[str, Any], *xs: torch.Tensor
) -> dict[str, Any]:
    """The primary head's answer: what `predict` answered before networks had several heads."""
    if evaluation.get("task") != "classification":
        return {"task": evaluation.get("task", "regression"), "values": network(*xs).tolist()}
    names = list(evaluation.get("class_names", []))
    output = network.training_output(*xs)
    binary = network.loss_type in BINARY_LOSSES and tuple(network.output_shape) == (1,)
    plan = TargetPlan("binary" if binary else "index", "classification", len(names))
    scores = class_scores(plan, network.loss_type, output)  # (N, C)
    best = scores.argmax(dim=1).tolist()
    return {
        "task": "classification",
        "class_names": names,
        "probabilities": scores.tolist(),
        "predicted": [names[i] if i < len(names) else str(i) for i in best],
    }
