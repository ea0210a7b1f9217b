"""Celery tasks, thin on purpose: each calls a plain function that tests can call directly.

Sent by name from the API (`netcanvas.train`, `netcanvas.predict`), which never
imports this module or torch.
"""

from __future__ import annotations

import base64
from typing import Any

import onnx  # noqa: F401  # see below
import torch
import torch._dynamo
from celery import Task
from celery.signals import worker_init, worker_ready, worker_shutdown

from backend.heartbeat import Heartbeat
from backend.queue import (
    AUGMENT_PREVIEW,
    EXPORT,
    FEATURE_MAPS,
    GENERATE,
    GRADCAM,
    INFER,
    LAYER_PREVIEW,
    PREDICT,
    TRAIN,
    app,
)
from backend.settings import get_settings
from netcanvas.inference import TIME_LIMIT_S

# Loaded once in the worker's parent, before it forks a child per run, so that no run pays
# for them: torch and everything a run uses (`run`), torch._dynamo, which the first
# optimizer of a process imports (1.5 s here, 6 s on a loaded machine), and onnx, which
# the ONNX export imports (1-2 s). Imports only: an
# operation run here would start torch's thread pool, which a forked child cannot use.
from . import run  # noqa: F401
from .jobs import artifacts_dir, export_job, run_job
from .slots import capacity, cores, cuda_available, threads_per_run


@app.task(name=TRAIN, bind=True)  # type: ignore[untyped-decorator]
def train(self: Task, job_id: int) -> str:
    """Run job `job_id` if it is still queued; the job row records everything."""
    # In this run's own child: its share of the cores, beside the worker's other runs.
    torch.set_num_threads(threads_per_run(_slots[0], cores()))
    share = {"threads": torch.get_num_threads(), "cores": cores(), "slots": _slots[0]}
    queue = (self.request.delivery_info or {}).get("routing_key")  # where it was sent
    return run_job(int(job_id), str(self.request.hostname or "worker"), share, queue)


@app.task(name=EXPORT)  # type: ignore[untyped-decorator]
def export(job_id: int) -> str:
    """Write an ended job's missing ONNX, model.py and bundle (`backend/exports.py`)."""
    return export_job(int(job_id))


@app.task(name=PREDICT, acks_late=False)  # type: ignore[untyped-decorator]
def predict(
    job_id: int,
    inputs: list[Any] | dict[str, Any] | None,
    image: str | None = None,
    images: dict[str, str] | None = None,
    chunk: int = 64,
) -> dict[str, Any]:
    """Class probabilities or values from job `job_id`'s saved weights; `image` is base64;
    several Inputs: `inputs` or `images` (base64) by the variable each Input reads; run
    `chunk` samples at a time (the job's batch size)."""
    from .predict import PredictError
    from .predict import predict as run_predict

    try:
        data = base64.b64decode(image) if image is not None else None
        files = {k: base64.b64decode(v) for k, v in images.items()} if images else None
        folder = artifacts_dir(get_settings(), int(job_id))
        return run_predict(folder, inputs, data, files, max(1, int(chunk)))
    except PredictError as error:
        return error.answer()


@app.task(name=INFER, acks_late=False, time_limit=TIME_LIMIT_S + 120)  # type: ignore[untyped-decorator]
def infer(job_id: int, run_id: str, path: str | None, seed: int) -> str:
    """Run job `job_id` over a dataset (`worker/inference.py`); its state file tells how
    it went. Not redelivered: a run whose worker died shows as failed and is started again."""
    from .inference import run_inference

    return run_inference(artifacts_dir(get_settings(), int(job_id)), run_id, path, int(seed))


@app.task(name=AUGMENT_PREVIEW, acks_late=False)  # type: ignore[untyped-decorator]
def augment_preview(
    layer_type: str,
    params: dict[str, Any],
    dataset: str,
    images: int,
    copies: int,
    seed: int,
    test: dict[str, Any] | None = None,
    avoid: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A few images of `dataset` through an augmentation layer (`worker.augment_preview`);
    `test`: an upload's test split, held out; `avoid`: more rows never shown, every row a
    test fraction could hold out of a built-in set (absent from an older API: none)."""
    from .augment_preview import PreviewError
    from .augment_preview import augment_preview as run_preview

    try:
        return run_preview(layer_type, params, dataset, images, copies, seed, test=test,
                           avoid=avoid)  # fmt: skip
    except PreviewError as error:
        return {"error": str(error)}


@app.task(name=LAYER_PREVIEW, acks_late=False, time_limit=60)  # type: ignore[untyped-decorator]
def layer_preview(
    graph: dict[str, Any],
    dataset: str,
    job_id: int | None,
    index: int,
    name: str,
    split: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Every node's output for one sample of `dataset` (`worker.layer_preview`); `name` is the
    dataset as the user chose it (an upload's `upload:<id>`, not its stored path); `split`:
    the seed, validation split and test split to load it with (`backend.held_out.split_of`;
    absent from an older API: the defaults)."""
    from netcanvas.artifacts import WEIGHTS

    from .layer_preview import LayerPreviewError
    from .layer_preview import layer_preview as run_preview

    weights = None if job_id is None else artifacts_dir(get_settings(), int(job_id)) / WEIGHTS
    try:
        return {"dataset": name, **run_preview(graph, dataset, weights, int(index), split=split)}
    except LayerPreviewError as error:
        return {"error": str(error)}


@app.task(name=FEATURE_MAPS, acks_late=False, time_limit=60)  # type: ignore[untyped-decorator]
def feature_maps(
    job_id: int, image: str | None, head: str | None = None, feed: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Every convolution's feature maps and the first one's filters (`worker.inside`) for
    one image (base64) through job `job_id`'s saved weights; `head`: the loss whose class is
    the predicted one (None: the primary); `feed`: several Inputs (`worker.inside.Feed`)."""
    from .inside import Feed, InsideError
    from .inside import feature_maps as run_feature_maps

    try:
        folder = artifacts_dir(get_settings(), int(job_id))
        return run_feature_maps(folder, _bytes(image), head, Feed.of(feed))
    except InsideError as error:
        return error.answer()


@app.task(name=GRADCAM, acks_late=False, time_limit=60)  # type: ignore[untyped-decorator]
def gradcam(
    job_id: int,
    image: str | None,
    klass: int | None,
    layer: str | None,
    head: str | None = None,
    feed: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Grad-CAM (`worker.gradcam`) of class `klass` (None: the predicted one) at `layer`
    (None: the last convolution before the classifier) of head `head` (a loss id; None:
    the primary) for one image (base64); `feed`: several Inputs (`worker.inside.Feed`)."""
    from .gradcam import grad_cam
    from .inside import Feed, InsideError

    try:
        folder = artifacts_dir(get_settings(), int(job_id))
        return grad_cam(folder, _bytes(image), klass, layer, head, Feed.of(feed))
    except InsideError as error:
        return error.answer()


def _bytes(image: str | None) -> bytes | None:
    return base64.b64decode(image) if image is not None else None


@app.task(name=GENERATE, acks_late=False, time_limit=60)  # type: ignore[untyped-decorator]
def generate(job_id: int, count: int, seed: int | None) -> dict[str, Any]:
    """`count` new images from job `job_id`'s trained generative network (`worker.samples`)."""
    from .samples import generate_from

    return generate_from(artifacts_dir(get_settings(), int(job_id)), int(count), seed)


_heartbeat: list[Heartbeat] = []
_slots = [1]  # this worker's pool size, set in its parent before the pool forks


@worker_init.connect  # type: ignore[untyped-decorator]
def note_slots(sender: Any, **_: Any) -> None:
    """Keep the pool's size (`-c`, or `worker.slots`' default), which every child inherits."""
    concurrency = sender.concurrency
    _slots[0] = concurrency if isinstance(concurrency, int) else cores()  # "auto": the cores


@worker_ready.connect  # type: ignore[untyped-decorator]
def announce_worker(sender: Any, **_: Any) -> None:
    """Tell the API this worker is ready: its queues, whether it has a GPU, how many jobs
    it runs at once and, with a GPU, the memory it offers them (`worker.slots`)."""
    queues = sorted(sender.app.amqp.queues.consume_from)
    settings = get_settings()
    budget = capacity(settings.worker_slots, settings.gpu_job_mb, settings.gpu_memory_mb)
    heartbeat = Heartbeat(
        app.conf.broker_url,
        str(sender.hostname),
        queues,
        cuda_available(),
        _slots[0],
        budget.memory_mb,
    )
    heartbeat.start()
    _heartbeat.append(heartbeat)


@worker_shutdown.connect  # type: ignore[untyped-decorator]
def withdraw_worker(**_: Any) -> None:
    for heartbeat in _heartbeat:
        heartbeat.stop()
