"""Jobs on the API side: checks before launch, the public shapes, and the reaper.

Torch-free. A launch is refused (4xx with the reason, nothing queued) when the
graph is invalid, the dataset is unknown or does not fit the Input, or the
config is impossible. The reaper fails jobs whose worker stopped beating.
"""

from __future__ import annotations

import asyncio
import logging
import math
import shutil
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import redis
from fastapi import FastAPI
from kombu.exceptions import OperationalError
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from sqlalchemy import select, update
from sqlalchemy.exc import InvalidRequestError, SQLAlchemyError
from sqlalchemy.orm import Session

from netcanvas import pretrained
from netcanvas.datasets import DATASETS
from netcanvas.events import JobEvent, JobStatus, LogEvent, finished_event
from netcanvas.graph import GraphFormatError, load_graph
from netcanvas.heads import head_problem, input_problem, variable_of
from netcanvas.issues import Issue, param_issues
from netcanvas.layers.base import fmt
from netcanvas.targets import Targets
from netcanvas.training_config import TrainingConfig
from netcanvas.validation import Analysis, analyse

from . import events, user_limits
from .broker_messages import jobs_in_broker
from .datasets import remove_orphans
from .db.models import Dataset, Job, User
from .db.session import session_factory
from .deps import id_in, valid_id
from .localise import graph_problem, refused
from .scheduler import dispatch, schedule
from .schemas import GraphDocument, LaunchNote, UtcDatetime
from .settings import Settings, get_settings
from .start_fit import check_start_fits, job_title, job_weights, shipped_weights

log = logging.getLogger(__name__)

ACTIVE = ("queued", "running")
WORKER_LOST = "the worker stopped during training"


def parse_config(data: Any) -> TrainingConfig:
    """The config, or a 422 listing each impossible field (`errors[].field`)."""
    if isinstance(data, TrainingConfig):
        return data
    try:
        return TrainingConfig.model_validate(data)
    except ValidationError as error:
        issues = param_issues(None, error, TrainingConfig.model_fields)
        raise refused(422, "job.config", errors=issues) from None


# JobCreate.config: a bad value is the 422 of `parse_config` (each field named), not a 500.
CheckedConfig = Annotated[TrainingConfig, BeforeValidator(parse_config)]


class JobCreate(BaseModel):
    """What to train: a saved network or an inline graph, a dataset, and a config."""

    model_config = ConfigDict(extra="forbid")

    network_id: int | None = None
    graph: GraphDocument | None = None
    dataset: str | int = Field(description="A built-in dataset's name or an uploaded dataset's id.")
    config: CheckedConfig = Field(
        default_factory=TrainingConfig, description="How to train; missing fields take defaults."
    )
    note: LaunchNote | None = Field(
        None,
        description="The lesson note it is launched with (a sample's, a teacher's), kept with "
        "the job for its page.",
    )


class JobBase(BaseModel):
    """A job as the API shows it to whoever may read it (its owner; a teacher, read-only)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    status: JobStatus
    reason: str
    network_id: int | None
    network_name: str = Field("", description="The name in the job's snapshot of the graph.")
    input_shape: list[int] | None = Field(
        None, description="The Input node's shape in the job's snapshot of the graph."
    )
    generative: bool = Field(
        False, description="The graph snapshot draws from noise (a VAE): it has generated samples."
    )
    inputs: int = Field(
        1,
        description="How many Input nodes the graph snapshot has: a decision boundary needs one "
        "(of 2 numbers).",
    )
    dataset: str
    dataset_name: str | None = Field(
        None,
        description="The dataset's name for a person: an upload's name, a built-in set's title "
        "(in the asker's language), in every answer of a job (`public_job`); null when its "
        "upload is gone.",
    )
    config: dict[str, Any]
    progress: dict[str, Any]
    device: str
    worker: str
    cancel_requested: bool
    summary: dict[str, Any] = Field(
        description="The run's final metrics (`train_loss`, `val_accuracy`, `val_mse`, ...); "
        "a classifier's also `val_precision`, `val_recall`, `val_f1` (of class 1 with two "
        "classes, macro averages with more; optional: jobs from before have none), and "
        "`test_*` with a test set."
    )
    created_at: UtcDatetime
    started_at: UtcDatetime | None
    finished_at: UtcDatetime | None


class JobWarning(BaseModel):
    """Something a launch went ahead with that its owner should know, as a message code, its
    params and its text in the request's language (the job's log says it too)."""

    code: str = Field(description="job.split_kept or job.held_out_seen")
    message: str
    params: dict[str, Any] = Field(default_factory=dict)


class JobPublic(JobBase):
    """A job as the API shows its owner."""

    note: LaunchNote | None = Field(None, description="The lesson note it was launched with.")
    has_boundary: bool | None = Field(
        None,
        description="Whether a decision boundary is kept for it (`GET /api/jobs/{id}/boundary` "
        "answers one); told by `GET /api/jobs/{id}` only, null elsewhere.",
    )
    warnings: list[JobWarning] = Field(
        default_factory=list,
        description="Told by `POST /api/jobs` only (empty elsewhere; the job's log keeps them): "
        "the split taken from the job whose weights it starts from (`job.split_kept`), or the "
        "held-out rows an earlier job in the line of those weights trained on "
        "(`job.held_out_seen`, naming it and how many).",
    )
    weights: dict[str, str] | None = Field(
        None,
        description="Told by `GET /api/jobs?weights=true` for a succeeded job (null elsewhere): "
        "each node with weights of its graph snapshot and their shapes, as the validation "
        "answer's `nodes[id].weights` tells them for a network; a network can start from the "
        "job's weights (`init_from`) when a node of the same id shares a part of them.",
    )


class EventPublic(BaseModel):
    """One stored event with its stream id: the history route's items and each websocket message."""

    id: str = Field(description="The stream id; send it back as `after` to resume.")
    event: JobEvent


def checked_graph(graph_data: dict[str, Any]) -> Analysis:
    """The analysis of a valid graph; 422 with the validation errors otherwise (and
    `job.one_input`, a guard, for a graph without an Input). Jobs, runs on a dataset and layer
    previews all take several Inputs (each reads its dataset variable, `check_targets`);
    the views that feed one tensor refuse a job's graph with `refuse_several_inputs`."""
    try:
        graph = load_graph(graph_data)
    except GraphFormatError as error:
        raise refused(422, "format.not_a_graph", text=graph_problem(error)) from None
    analysis = analyse(graph)
    if not analysis.result.valid:
        raise refused(422, "job.graph_invalid", errors=analysis.result.errors)
    if not analysis.input_nodes:
        raise refused(422, "job.one_input")
    return analysis


def refuse_several_inputs(graph: Any) -> None:
    """422 `view.one_input` for a job whose graph snapshot has several Input nodes: the
    views that feed one tensor (feature maps, Grad-CAM, ...) refuse it, never a 500."""
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    count = sum(
        1 for n in nodes if isinstance(n, dict) and n.get("type") == "Input"
    ) if isinstance(nodes, list) else 0  # fmt: skip
    if count > 1:
        raise refused(422, "view.one_input", count=count)


def reads_x(analysis: Analysis) -> bool:
    """Whether an Input reads the dataset's `x` (one that states no variable does)."""
    return any(variable_of(analysis.params.get(n)) == "x" for n in analysis.input_nodes)


def input_shape(analysis: Analysis) -> tuple[int, ...]:
    """The shape of the Input that reads the dataset's `x` (the first Input when none
    states it does), which `check_fit` compares with the dataset's samples."""
    reading_x = [n for n in analysis.input_nodes if variable_of(analysis.params.get(n)) == "x"]
    return tuple(analysis.shapes[(reading_x or analysis.input_nodes)[0]])


def resolve_dataset(session: Session, user: User, ref: str | int) -> tuple[str, DatasetFacts]:
    """The job's dataset reference, its sample shape (empty when not known) and its targets."""
    text = str(ref).strip()
    if text in DATASETS:
        info = DATASETS[text]
        more = tuple((variable, len(names)) for variable, names in info.more_targets.items())
        inputs = (("x", tuple(info.sample_shape)), *info.more_inputs.items())
        builtin = Targets(text, info.task, info.num_classes, tuple(info.target_shape), more, inputs)
        return text, DatasetFacts(tuple(info.sample_shape), builtin, info.samples)
    upload_id = text.removeprefix("upload:")
    wanted = id_in(upload_id)
    row = session.get(Dataset, wanted) if valid_id(wanted) else None
    if row is None or row.owner_id != user.id:
        raise refused(404, "job.unknown_dataset", dataset=text)
    name = f"upload:{row.id}"
    shape = row.info.get("sample_shape") or row.info.get("input_shape") or ()
    task = row.info.get("task")
    samples = row.info.get("samples")
    count = samples if isinstance(samples, int) else None
    if task not in ("classification", "regression"):
        return name, DatasetFacts(tuple(shape), None, count)
    classes = len(row.info.get("class_names") or [])
    more = tuple((v, len(n)) for v, n in (row.info.get("more_targets") or {}).items())
    inputs = (("x", tuple(shape)), *((v, tuple(s)) for v, s in
                                     (row.info.get("more_inputs") or {}).items()))  # fmt: skip
    target_shape = tuple(row.info.get("target_shape") or ())
    uploaded = Targets(name, task, classes, target_shape, more, inputs)
    return name, DatasetFacts(tuple(shape), uploaded, count)


@dataclass(frozen=True)
class DatasetFacts:
    """What the API knows of a dataset without reading it: its sample shape, targets and
    how many samples it has (None when it cannot tell)."""

    sample_shape: tuple[int, ...]
    targets: Targets | None
    samples: int | None = None


def check_trainable(analysis: Analysis) -> None:
    """422 `job.no_loss` for a graph without a loss node: validation only warns
    (`graph.no_loss`: it can be checked), but a job of it could only fail in the worker."""
    if not analysis.losses:
        raise refused(422, "job.no_loss")


def check_fit(sample: tuple[int, ...], shape: tuple[int, ...], dataset: str) -> None:
    if sample and tuple(sample) != shape:
        raise refused(
            422, "job.shape_mismatch", dataset=dataset, sample=fmt(sample), shape=fmt(shape)
        )


def check_targets(analysis: Analysis, targets: Targets | None) -> None:
    """422 naming the node when the dataset lacks a variable the graph reads or trains on,
    or when a loss's input cannot train on its target (netcanvas.heads.head_problem)."""
    if targets is None or analysis.loss is None:
        return
    found = head_problem(analysis, targets)
    if found is not None:
        node, (code, params) = found
        params = {k: v for k, v in params.items() if k != "node"}  # Issue.of adds it
        issue = Issue.of(code, node=node, **params)
        raise refused(422, "job.targets", errors=[issue], node=node)


def check_inputs(analysis: Analysis, facts: DatasetFacts, dataset: str) -> None:
    """What a job checks of its Inputs, for a view that runs the graph without training it
    (the layer previews): the Input reading `x` against the samples, and with the dataset's
    variables known, every Input against its variable (422 `job.targets` naming the Input
    whose variable the dataset lacks or whose shape differs)."""
    if reads_x(analysis):
        check_fit(facts.sample_shape, input_shape(analysis), dataset)
    targets = facts.targets
    if targets is None or not targets.inputs:
        return
    present = [variable for variable, _ in targets.inputs]
    for node in analysis.input_nodes:
        variable = variable_of(analysis.params.get(node))
        if variable not in present:
            issue = Issue.of("target.missing_variable", node=node, dataset=targets.dataset,
                             variable=variable, variables=", ".join(present))  # fmt: skip
            raise refused(422, "job.targets", errors=[issue], node=node)
    found = input_problem(analysis, targets.dataset, dict(targets.inputs))
    if found is not None:
        node, (code, params) = found
        params = {k: v for k, v in params.items() if k != "node"}
        raise refused(422, "job.targets", errors=[Issue.of(code, node=node, **params)], node=node)


def check_size(analysis: Analysis, config: TrainingConfig, settings: Settings) -> None:
    """422 with the figures when the network is beyond what this server trains: too many
    parameters, or a batch whose activations would need too much memory."""
    params = analysis.result.total_params
    if params > settings.max_params:
        raise refused(422, "job.too_many_params", params=f"{params:,}",
                      limit=f"{settings.max_params:,}")  # fmt: skip
    mb = activation_mb(analysis, config.batch_size)
    if mb > settings.max_activation_mb:
        raise refused(422, "job.too_much_memory", batch=config.batch_size, mb=f"{mb:,}",
                      limit=f"{settings.max_activation_mb:,}")  # fmt: skip


def activation_mb(analysis: Analysis, batch_size: int) -> int:
    """An estimate of one training batch's activation memory: every node's output, in
    32-bit floats, kept for the backward pass and matched by its gradient."""
    per_sample = sum(math.prod(shape) for shape in analysis.shapes.values())
    return math.ceil(per_sample * batch_size * 4 * 2 / 2**20)


def check_share(session: Session, user: User, settings: Settings) -> None:
    """429 when the user has their `max_active_jobs` queued, running or paused already
    (`backend.user_limits`): one user's many jobs never fill the queue for everyone else."""
    _, active = user_limits.job_counts(session, user.id)
    limit = user_limits.effective(user, settings).max_active_jobs
    if active >= limit:
        source = user_limits.source(user, settings, "max_active_jobs")
        raise refused(429, "job.too_many_active", count=active, limit=limit, source=source)


def check_init_from(
    session: Session, user: User, config: TrainingConfig, analysis: Analysis
) -> None:
    """`init_from` names a succeeded job of the user's, or shipped weights ("pretrained:<name>",
    `netcanvas/pretrained/`), with weights some node of the network can take
    (`backend.start_fit`); anything else is a 422 naming what it asked for."""
    if config.init_from is None:
        return
    name = pretrained.name_of(config.init_from)
    if name is not None:
        if name not in pretrained.catalogue():
            known = ", ".join(pretrained.catalogue())
            raise refused(422, "job.init_from_pretrained", name=name, available=known)
        check_start_fits(shipped_weights(name), analysis, config.init_from)
        return
    wanted = id_in(config.init_from)
    earlier = session.get(Job, wanted) if valid_id(wanted) else None
    if earlier is None or earlier.owner_id != user.id or earlier.status != "succeeded":
        raise refused(422, "job.init_from")
    check_start_fits(job_weights(earlier), analysis, job_title(earlier))


def check_test_fraction(config: TrainingConfig, dataset: str) -> None:
    """`test_fraction` holds out a built-in dataset's test set (`worker.run.run_training`): a
    422 naming the dataset for an upload (its test set is chosen at upload), a series (split
    in time order) or an anomaly set (its validation part holds the anomalies)."""
    if config.test_fraction == 0:
        return
    info = DATASETS.get(dataset)
    if info is None:
        raise refused(422, "job.test_fraction_upload", dataset=dataset)
    if info.validation == "time_order" or info.normal_class is not None:
        raise refused(422, "job.test_fraction_unfit", dataset=dataset)


def reap_stale_jobs(settings: Settings | None = None, stale_s: float | None = None) -> list[int]:
    """Running jobs whose heartbeat is older than `stale_s` lost their worker: each is taken
    back (`take_back`) and, when queued again, waits for `schedule`. Returns their ids."""
    settings = settings or get_settings()
    limit = settings.job_stale_s if stale_s is None else stale_s
    now = time.time()
    taken: list[int] = []
    with session_factory(settings.database)() as session:
        for job in session.scalars(select(Job).where(Job.status == "running")).all():
            if now - heartbeat_of(job) > limit and take_back(session, settings, job):
                taken.append(job.id)
    if taken:
        schedule(settings)
    return taken


def heartbeat_of(job: Job) -> float:
    """When the job's run last beat (Unix seconds), or started when it never did."""
    started = job.started_at.timestamp() if job.started_at else 0.0
    return float(job.progress.get("heartbeat") or started)


def take_back(session: Session, settings: Settings, job: Job, resend: bool = True) -> bool:
    """A running job whose run died: its lease goes up, so that run, should it wake, can
    write nothing more (`worker.jobs.LeaseLost`); it goes back to `queued` for its next
    attempt (resuming from its last checkpoint), or fails once it has had `job_attempts`.
    The change is committed with its event told; False when the row changed first (another
    reaper, a worker, the run itself): then nothing is done. With `resend`, it waits for
    `schedule` to send it; without, its caller runs it at once."""
    attempt = int(job.progress.get("attempt") or 1)
    if attempt < settings.job_attempts:
        progress = {"attempt": attempt + 1, "attempts": settings.job_attempts}
        values: dict[str, Any] = {"status": "queued", "worker": "", "progress": progress}
        # Its caller runs it at once: its mark is as fresh as a send (`_expire_marks`).
        values |= {"dispatched_to": None} if resend else {"dispatched_at": datetime.now(UTC)}
        retry = LogEvent.of("log.retry", attempt=attempt + 1, attempts=settings.job_attempts)
        event = retry.wire()
    else:
        reason = worker_lost(attempt)
        values = {"status": "failed", "reason": reason, "finished_at": datetime.now(UTC)}
        event = finished_event("failed", reason)
    moved = session.execute(
        update(Job)
        .where(Job.id == job.id, Job.status == "running", Job.lease == job.lease)
        .values(lease=job.lease + 1, **values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if getattr(moved, "rowcount", 0) != 1:
        return False
    session.refresh(job)
    log.warning("job %s: %s (attempt %s)", job.id, WORKER_LOST, attempt)
    events.append(events.client(settings.broker), job.id, event)
    return True


def move(session: Session, job: Job, expected: str, **values: Any) -> bool:
    """Compare-and-set, as the claim does (`worker.jobs.claim`): write `values` to the job's
    row only while it is still `expected` at the lease it was read with, and commit. False
    when it moved on first (a worker claimed it, a cancel came in): nothing is written.
    Either way `job` is read again, so it shows the row as it is now; a job deleted
    meanwhile is a 404 (`missing.job`), as it would be asked for again."""
    moved = session.execute(
        update(Job)
        .where(Job.id == job.id, Job.status == expected, Job.lease == job.lease)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    try:
        session.refresh(job)
    except InvalidRequestError:  # its row is gone
        raise refused(404, "missing.job", id=job.id) from None
    return getattr(moved, "rowcount", 0) == 1


def checkpoint_dir(settings: Settings, job_id: int) -> Path:
    """Where job `job_id`'s checkpoints live while it has not ended (`worker.checkpoints`)."""
    return settings.data_dir / "checkpoints" / str(job_id)


def job_files(settings: Settings, job_id: int) -> list[Path]:
    """The folders a job's id names: its artifacts and its checkpoints."""
    return [settings.data_dir / "artifacts" / str(job_id), checkpoint_dir(settings, job_id)]


def clear_leftovers(settings: Settings, r: redis.Redis, job_id: int) -> None:
    """Remove what an earlier job of the same id left behind, before a new job with that id
    announces anything. SQLite gives the highest id again once its row is gone, and a job
    whose row went without its files and events (its owner removed with `netcanvas users
    remove` while Redis was down, or the API killed between a delete's steps) would
    otherwise lend the new job its artifacts, checkpoints and event stream."""
    for folder in job_files(settings, job_id):
        shutil.rmtree(folder, ignore_errors=True)
    events.delete(r, job_id)
    r.delete(events.exporting_key(job_id))


# The Redis server last seen, per broker URL (its `run_id` changes when it restarts).
_seen_redis: dict[str, str] = {}


def redispatch_queued_jobs(settings: Settings | None = None) -> list[int]:
    """When the API first sees its Redis, and whenever that Redis has restarted, send every
    job sent but not started yet again whose message is not in Redis: a broker that lost
    its queue keeps no job waiting forever (those not sent yet wait for `schedule`), and
    one that kept it (its append-only file, an API restarted alone) gets no duplicate
    (`broker_messages.jobs_in_broker`). When a send fails, the next call sends them all
    again. A duplicate message is harmless (a task runs its job only from `queued`).
    Returns the ids sent."""
    settings = settings or get_settings()
    r = events.client(settings.broker)
    run_id = str(r.info("server").get("run_id", ""))
    if _seen_redis.get(settings.broker) == run_id:
        return []
    with session_factory(settings.database)() as session:
        rows = session.scalars(
            select(Job).where(Job.status == "queued", Job.dispatched_to.is_not(None))
        )
        marked = [(job.id, str(job.dispatched_to)) for job in rows]
    taken_since = time.time() - settings.resend_after_s
    held = jobs_in_broker(r, {queue for _, queue in marked}, taken_since) if marked else set()
    queued = [(job_id, queue) for job_id, queue in marked if job_id not in held]
    for job_id, queue in queued:
        dispatch(settings, job_id, queue)
    _seen_redis[settings.broker] = run_id  # only now: a send that failed is tried again
    return [job_id for job_id, _ in queued]


def worker_lost(attempts: int) -> str:
    """Why a job failed whose worker died on every attempt."""
    return WORKER_LOST if attempts == 1 else f"{WORKER_LOST}, on {attempts} attempts"


# What a pass may meet while the database or Redis is away for a moment; the next goes on.
# A failed send is kombu's `OperationalError` (`backend.queue.send`), no `OSError`.
PASSING_FAULTS = (SQLAlchemyError, OSError, redis.RedisError, OperationalError)


async def _reap_forever(interval: float) -> None:
    while True:
        try:
            await asyncio.to_thread(reap_stale_jobs)
            await asyncio.to_thread(redispatch_queued_jobs)
        except PASSING_FAULTS as error:
            log.warning("the job reaper could not run: %s", error)
        await asyncio.sleep(interval)


async def _schedule_forever(interval: float) -> None:
    while True:
        try:
            await asyncio.to_thread(schedule)
        except PASSING_FAULTS as error:
            log.warning("the job scheduler could not run: %s", error)
        await asyncio.sleep(interval)


ORPHANS_INTERVAL_S = 300


def remove_orphaned_uploads(settings: Settings | None = None) -> list[Path]:
    """The uploads an API killed while it read them left behind (`datasets.remove_orphans`)."""
    settings = settings or get_settings()
    with session_factory(settings.database)() as session:
        removed = remove_orphans(settings, session)
    for upload in removed:
        log.warning("removed %s: an upload no dataset names (its API was killed)", upload)
    return removed


async def _remove_orphans_forever(interval: float) -> None:
    while True:
        try:
            await asyncio.to_thread(remove_orphaned_uploads)
        except (SQLAlchemyError, OSError) as error:
            log.warning("could not look for orphaned uploads: %s", error)
        await asyncio.sleep(interval)


@asynccontextmanager
async def reaper_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Reap on startup, then every `reaper_interval_s`; schedule every `schedule_interval_s`;
    remove orphaned uploads every `ORPHANS_INTERVAL_S`."""
    settings = get_settings()
    tasks = [
        asyncio.create_task(_reap_forever(settings.reaper_interval_s)),
        asyncio.create_task(_schedule_forever(settings.schedule_interval_s)),
        asyncio.create_task(_remove_orphans_forever(ORPHANS_INTERVAL_S)),
    ]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
