"""A job's run as the Celery task drives it: claim the row, train, record every event.

The database row is the truth: a run starts only by moving its job from
`queued` to `running` in one conditional UPDATE, so a redelivered message never
runs a job twice. That claim also takes the job's lease: `jobs.lease` goes one
up, and the run keeps the number as its fencing token. Every write the run makes
to the row is conditional on the token (`WHERE lease = token`), and the reaper
raises the number when it takes a stalled job back, so a run that stalled past
its heartbeat and wakes up finds its token gone (`LeaseLost`) and stops without
writing another event, checkpoint or artifact: its checkpoints go to a file of
its own lease, and its artifacts to a folder of its own that is published (moved
into place) only inside the conditional UPDATE that makes the job final.

Every event goes to the job's Redis Stream; epochs (with their stream ids), the
evaluation, progress and the final status also go to the database. A run that repeats
what an earlier run of the job announced (its pool process killed after the epochs or
the evaluation, then retried from the checkpoint) announces each epoch and the
evaluation once: the database and the stream's tail say what was already announced.
A background thread beats a heartbeat into the row (the API's reaper takes back jobs
whose heartbeat stops) and polls the cancel flag twice a second, so the training
loop's `should_stop()` reads a boolean, never the network.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn, cast

import redis
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from backend import events
from backend.db.models import Dataset, Job, JobEpoch
from backend.db.session import session_factory
from backend.held_out import upload_test
from backend.jobs import checkpoint_dir, heartbeat_of, take_back
from backend.scheduler import TRAINING_QUEUES, schedule
from backend.settings import Settings, get_settings
from netcanvas import pretrained
from netcanvas.artifacts import BUNDLE, GRAPH
from netcanvas.events import EpochEvent, FinalStatus, LogEvent, MetricsEvent, finished_event
from netcanvas.training_config import TrainingConfig

from .atomic import publish
from .boundary_store import LatestBoundary, LatestSamples

log = logging.getLogger(__name__)

POLL_S = 0.5
HEARTBEAT_S = 3.0
TERMINAL = ("succeeded", "failed", "cancelled")


@dataclass
class Ran:
    """How a job's run ended, and what it still writes once it is announced finished."""

    status: str
    reason: str
    summary: dict[str, Any]
    exports: Callable[[Path], None] | None = None


class JobError(Exception):
    """A reason the job cannot start, for its `finished` event."""


class LeaseLost(Exception):
    """Another run holds the job now (or it was deleted): this one stops, writing nothing."""


def artifacts_dir(settings: Settings, job_id: int) -> Path:
    return settings.data_dir / "artifacts" / str(job_id)


def staging_dir(settings: Settings, job_id: int, lease: int) -> Path:
    """Where the run holding `lease` writes its artifacts before publishing them; hidden,
    so the download route (which serves artifact names only) never reaches into it."""
    return artifacts_dir(settings, job_id) / f".lease-{lease}"


def checkpoint_path(settings: Settings, job_id: int, lease: int) -> Path:
    """The checkpoint of the run holding `lease`: each run writes its own file."""
    return checkpoint_dir(settings, job_id) / f"lease-{lease}.pt"


_LEASE_FILE = re.compile(r"lease-(\d+)\.pt")


def inherit_checkpoint(settings: Settings, job_id: int, lease: int) -> Path:
    """The run's own checkpoint path, holding the newest checkpoint an earlier run of the
    job left (the highest lease below this one; `last.pt` from before leases), if any.

    A hard link, not a copy: the earlier run's file is never written again in place (a
    save renames a new file over it), so the two names part at the next save."""
    own = checkpoint_path(settings, job_id, lease)
    folder = own.parent
    legacy = folder / "last.pt"
    earlier = [(0, legacy)] if legacy.is_file() else []
    for path in folder.glob("lease-*.pt"):
        found = _LEASE_FILE.fullmatch(path.name)
        if found and int(found.group(1)) < lease:
            earlier.append((int(found.group(1)), path))
    if earlier and not own.exists():
        _, newest = max(earlier)
        try:
            os.link(newest, own)
        except OSError:  # a file system without hard links
            shutil.copyfile(newest, own)
    for _, path in earlier:
        path.unlink(missing_ok=True)
    return own


def attempt_of(progress: dict[str, Any]) -> dict[str, Any]:
    """The attempt a job is on (`attempt`, `attempts`), which a new run of it keeps."""
    return {key: progress[key] for key in ("attempt", "attempts") if key in progress}


def claim(
    sessions: sessionmaker[Session], job_id: int, worker: str, queue: str | None = None
) -> int | None:
    """Move the job from queued to running and take its lease: the run's fencing token.
    None when the job is not queued (or gone): another delivery of it runs, or has run.

    A job the reaper queued again after its worker died keeps its attempt number. `queue`,
    the training queue its message came from, becomes its `dispatched_to`: the scheduler
    counts it against the queue it runs on, even when a send that failed (its mark taken
    back, `backend.scheduler._unmark`) had reached Redis after all.
    """
    stamp = time.time()
    with sessions() as session:
        job = session.get(Job, job_id)
        if job is None:
            return None
        kept, lease = attempt_of(job.progress), job.lease + 1
        moved = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == "queued", Job.lease == job.lease)
            .values(
                status="running",
                lease=lease,
                worker=worker,
                started_at=job.started_at or datetime.now(UTC),
                progress={"heartbeat": stamp, **kept},
                **({"dispatched_to": queue} if queue in TRAINING_QUEUES else {}),
            )
        )
        session.commit()
        return lease if getattr(moved, "rowcount", 0) == 1 else None


def resolve_dataset(session: Session, job: Job) -> str:
    """A built-in name, or the stored path of the owner's upload; never a user's path."""
    ref = job.dataset
    if not ref.startswith("upload:"):
        return ref
    row = session.get(Dataset, int(ref.removeprefix("upload:")))
    if row is None or row.owner_id != job.owner_id:
        raise JobError(f"the uploaded dataset {ref} no longer exists")
    return row.path


def resolve_test(session: Session, job: Job) -> dict[str, Any] | None:
    """The test split fixed when the job's upload was uploaded, as `TestSplit`'s fields:
    the stored test file's path, or the fraction and its seed; None when it has none (a
    built-in dataset's `test_fraction` is held out by `run_training` itself)."""
    if not job.dataset.startswith("upload:"):
        return None
    test = upload_test(session.get(Dataset, int(job.dataset.removeprefix("upload:"))))
    if test is not None and "file" in test and not Path(test["file"]).is_file():
        # never name the server's path to the user
        raise JobError(f"the test file of the uploaded dataset {job.dataset} no longer exists")
    return test


def resolve_init(session: Session, settings: Settings, job: Job) -> Path | None:
    """`init_from` names an earlier job of the same owner whose weights start this run; shipped
    weights ("pretrained:<name>") are found by `run_training` itself (`worker/pretrained.py`)."""
    source = job.config.get("init_from")
    if not source or pretrained.name_of(str(source)) is not None:
        return None
    earlier = session.get(Job, int(source)) if str(source).isdigit() else None
    if earlier is None or earlier.owner_id != job.owner_id:
        raise JobError(f"init_from: no job {source}")
    return artifacts_dir(settings, earlier.id)


class Recorder:
    """The run's `emit` and `should_stop`, with the heartbeat thread behind them."""

    def __init__(self, settings: Settings, job_id: int, lease: int) -> None:
        self.job_id, self.lease = job_id, lease
        self.sessions = session_factory(settings.database)
        self.redis = events.client(settings.broker)
        with self.sessions() as session:
            job = session.get(Job, job_id)
            attempt = attempt_of(job.progress) if job else {}
            # an earlier run of this job stored (and announced) its evaluation, then died
            self.evaluated_before = job is not None and job.evaluation is not None
            self.recorded = set(
                session.scalars(select(JobEpoch.epoch).where(JobEpoch.job_id == job_id))
            )  # epochs an earlier attempt already recorded
        self.progress: dict[str, Any] = {"heartbeat": time.time(), **attempt}
        self.lock = threading.Lock()
        self.cancelled = threading.Event()
        self.paused = threading.Event()  # a pause is a stop that keeps the checkpoint
        self.fenced = threading.Event()  # another run holds the job: write nothing more
        self.done = threading.Event()
        self.finished: dict[str, Any] | None = None
        self.unreachable_since: float | None = None  # when Redis stopped answering, if it has
        self.points: list[dict[str, Any]] = []  # the running epoch's per-step curve
        self.boundary = LatestBoundary(artifacts_dir(settings, job_id))  # for a reload
        self.samples = LatestSamples(artifacts_dir(settings, job_id))  # generated images, too
        self.thread = threading.Thread(target=self._watch, name=f"job-{job_id}", daemon=True)

    def __enter__(self) -> Recorder:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join(timeout=5)

    def should_stop(self) -> bool:
        return self.cancelled.is_set() or self.paused.is_set() or self.fenced.is_set()

    def pausing(self) -> bool:
        """A stop that writes no artifacts: a pause, or a run that lost its lease."""
        return (self.paused.is_set() and not self.cancelled.is_set()) or self.fenced.is_set()

    def pause(self, reason: str) -> None:
        """The run stopped for a pause: the row says `paused`; `POST .../resume` queues it."""
        with self.lock:
            progress = {k: v for k, v in self.progress.items() if k not in ("eta_s",)}
        self._update(status="paused", reason=reason, progress=progress)
        self._announce(LogEvent.of("log.paused", epoch=max(self.recorded, default=0)).wire())

    def emit(self, event: dict[str, Any]) -> None:
        """Record one event; `finished` waits until the row has its final status.

        Raises `LeaseLost` once another run holds the job: nothing more is written."""
        if self.fenced.is_set():
            raise LeaseLost(self.job_id)
        kind = event.get("type")
        if kind == "finished":
            self.finished = event
            return
        if kind == "epoch":
            epoch = int(event["epoch"])
            if epoch in self.recorded:
                return  # a resumed run repeats what its checkpoint holds: announced once
            self.recorded.add(epoch)
        try:
            self._store(kind, event)
        except LeaseLost:
            raise
        except Exception:  # the run goes on; the stream still has the event
            log.exception("job %s: could not store a %s event", self.job_id, kind)
        if kind == "evaluation" and self._announced_evaluation():
            return  # the stored one is this run's; the page reads the first one announced
        stream_id = self._announce(event)
        if kind == "epoch" and stream_id is not None:
            self._note_stream_id(int(event["epoch"]), stream_id)

    def _announced_evaluation(self) -> bool:
        """Whether an earlier run of this job already put an evaluation on the stream: it
        stored one in the row, and the stream's tail (where it would be) holds it. Read only
        when the row had one when this run began, so a first run asks Redis nothing more."""
        if not self.evaluated_before:
            return False
        try:
            found = events.tail(self.redis, self.job_id)
        except redis.RedisError:  # cannot tell: announce it (the page keeps the first)
            return False
        return any(event.get("type") == "evaluation" for _, event in found)

    def _announce(self, event: dict[str, Any]) -> str | None:
        """Add the event to the job's stream, riding out a Redis outage of up to a minute in
        all; past that, events are dropped without waiting (the database keeps epochs and the
        result) until Redis answers again. Returns the event's stream id, None if lost."""
        waited = time.monotonic() - self.unreachable_since if self.unreachable_since else 0.0
        patience = max(0.0, events.OUTAGE_S - waited)
        stream_id = events.append_patiently(self.redis, self.job_id, event, patience)
        if stream_id is not None:
            self.unreachable_since = None
            return stream_id
        if self.unreachable_since is None:
            self.unreachable_since = time.monotonic() - patience
        log.warning("job %s: Redis unreachable, a %s event is lost", self.job_id, event["type"])
        return None

    def _store(self, kind: object, event: dict[str, Any]) -> None:
        if kind == "metrics":
            self.points.append(MetricsEvent.model_validate(event).point())
        elif kind == "progress":
            with self.lock:
                self.progress.update({k: v for k, v in event.items() if k not in ("type", "ts")})
            self._write_progress()
        elif kind == "epoch":
            row = EpochEvent.model_validate(event)
            points, self.points = self.points, []
            with self.sessions() as session:
                self._hold(session)
                # An id from the clock until the stream gives its own: one that Redis lost
                # is still served, in order, to a client that reconnects (`backend.replay`).
                stream_id = f"{int(time.time() * 1000)}-0"
                epoch = JobEpoch(
                    job_id=self.job_id,
                    epoch=row.epoch,
                    metrics=row.metrics(),
                    steps=points,
                    stream_id=stream_id,
                )
                session.add(epoch)
                session.commit()
        elif kind == "evaluation":
            evaluation = {k: v for k, v in event.items() if k not in ("type", "ts")}
            self._update(evaluation=evaluation)
        elif kind == "started":
            self._update(device=str(event.get("device", ""))[:200])
        elif kind == "boundary":
            self._check_lease()  # a job deleted or taken over gets no file
            self.boundary.write(event)
        elif kind == "samples":
            self._check_lease()
            self.samples.write(event)
        else:
            self._check_lease()

    def _note_stream_id(self, epoch: int, stream_id: str) -> None:
        try:
            with self.sessions() as session:
                session.execute(
                    update(JobEpoch)
                    .where(JobEpoch.job_id == self.job_id, JobEpoch.epoch == epoch)
                    .values(stream_id=stream_id)
                )
                session.commit()
        except Exception:  # the clock's id stays: the epoch is still served once
            log.exception("job %s: could not note epoch %s's stream id", self.job_id, epoch)

    def _hold(self, session: Session) -> None:
        """Lock the job's row for this transaction if this run still holds its lease; raise
        `LeaseLost` (and stop the run) if not."""
        mine = update(Job).where(Job.id == self.job_id, Job.lease == self.lease)
        held = session.execute(mine.values(lease=self.lease))
        if getattr(held, "rowcount", 0) != 1:
            session.rollback()
            self._lose()

    def holds_lease(self) -> bool:
        """Whether this run still holds the job; once it does not, it never will again."""
        try:
            self._check_lease()
        except LeaseLost:
            return False
        except Exception:  # the database is away: the run's own checkpoint file is safe to write
            log.exception("job %s: could not check the lease", self.job_id)
        return True

    def _check_lease(self) -> None:
        with self.sessions() as session:
            lease = session.scalar(select(Job.lease).where(Job.id == self.job_id))
        if lease != self.lease:
            self._lose()

    def _lose(self) -> NoReturn:
        if not self.fenced.is_set():
            log.warning(
                "job %s: lease %s is no longer this run's: stopping without writing",
                self.job_id,
                self.lease,
            )
        self.fenced.set()
        raise LeaseLost(self.job_id)

    def finish(
        self,
        status: FinalStatus,
        reason: str,
        summary: dict[str, Any],
        staged: Path,
        final: Path,
        checkpoints: Path,
    ) -> None:
        """Write the final status and publish the staged artifacts in one transaction that
        holds the lease, remove the job's checkpoints, then announce the end: a client that
        reads `finished` finds the job final, its artifacts in place, its checkpoints gone."""
        with self.lock:
            self.progress["heartbeat"] = time.time()
            progress = dict(self.progress)
        values = {
            "status": status,
            "reason": reason,
            "summary": summary,
            "progress": progress,
            "finished_at": datetime.now(UTC),
        }
        with self.sessions() as session:
            self._hold(session)
            session.execute(update(Job).where(Job.id == self.job_id).values(**values))
            if staged.is_dir():
                publish(staged, final)
            session.commit()
        shutil.rmtree(checkpoints, ignore_errors=True)
        seconds = (self.finished or {}).get("seconds")
        self._announce(finished_event(status, reason, seconds))

    def claim_exports(self) -> bool:
        """Hold the job's exports for this run before it is announced finished, so the API
        does not ask another worker for them meanwhile (`backend/exports.py`)."""
        try:
            key = events.exporting_key(self.job_id)
            return bool(self.redis.set(key, self.lease, nx=True, ex=events.WRITING_S))
        except Exception:  # Redis away: write them anyway (a second writer is harmless)
            log.exception("job %s: cannot claim its exports", self.job_id)
            return True

    def export(self, exports: Callable[[Path], None], folder: Path) -> None:
        """Write the exports into the published folder, each announced after `finished`;
        a job deleted meanwhile stops them (its folder is gone, or its lease)."""
        try:
            exports(folder)
        except LeaseLost:
            pass
        except Exception:
            log.exception("job %s: its exports were not written", self.job_id)
        finally:
            with suppress(Exception):
                self.redis.delete(events.exporting_key(self.job_id))
            self._clean_up_if_deleted(folder)

    def _clean_up_if_deleted(self, folder: Path) -> None:
        """A job deleted while its exports were written (its deletion waits for them, up to
        a limit): remove what they added."""
        with suppress(Exception), self.sessions() as session:
            if session.get(Job, self.job_id) is None:
                shutil.rmtree(folder, ignore_errors=True)
                events.delete(self.redis, self.job_id)

    def _update(self, **values: Any) -> None:
        """Write to the job's row if this run still holds its lease; `LeaseLost` if not."""
        with self.sessions() as session:
            written = session.execute(
                update(Job).where(Job.id == self.job_id, Job.lease == self.lease).values(**values)
            )
            if getattr(written, "rowcount", 0) != 1:
                session.rollback()
                self._lose()
            session.commit()

    def _write_progress(self) -> None:
        with self.lock:
            progress = dict(self.progress)
        self._update(progress=progress)

    def _watch(self) -> None:
        """Poll the cancel flag every POLL_S and beat the heartbeat every HEARTBEAT_S."""
        next_beat = 0.0
        while not self.done.wait(POLL_S):
            try:
                if self.redis.exists(events.cancel_key(self.job_id)):
                    self.cancelled.set()
                if self.redis.exists(events.pause_key(self.job_id)):
                    self.paused.set()
                if time.monotonic() >= next_beat:
                    next_beat = time.monotonic() + HEARTBEAT_S
                    with self.lock:
                        self.progress["heartbeat"] = time.time()
                    self._write_progress()
                    self._check_row_cancel()
            except LeaseLost:
                return  # the run stops at its next step (`should_stop`)
            except Exception:
                log.exception("job %s: heartbeat", self.job_id)

    def _check_row_cancel(self) -> None:
        with self.sessions() as session:
            job = session.get(Job, self.job_id)
            if job is None or job.cancel_requested:
                self.cancelled.set()


def run_job(
    job_id: int, worker: str, threads: dict[str, int] | None = None, queue: str | None = None
) -> str:
    """Run a queued job to its end; returns the final status, 'skipped' if it was not
    queued, 'fenced' if another run took the job over while this one ran. `threads` (the
    torch threads the run has, and the worker's cores and slots they are a share of) goes
    into the job's log first; `queue` is the one its message came from (`claim`)."""
    settings = get_settings()
    sessions = session_factory(settings.database)
    lease = claim(sessions, job_id, worker, queue)
    if lease is None and take_over_own_run(settings, sessions, job_id, worker):
        lease = claim(sessions, job_id, worker, queue)
    if lease is None:
        log.warning("job %s is not queued: not running it", job_id)
        return "skipped"
    staged = staging_dir(settings, job_id, lease)
    try:
        with Recorder(settings, job_id, lease) as recorder:
            if threads is not None:
                recorder.emit(LogEvent.of("log.threads", **threads).wire())
            ran = _run(settings, sessions, job_id, recorder, staged)
            if recorder.fenced.is_set():
                raise LeaseLost(job_id)
            if ran.status == "paused":
                recorder.pause(ran.reason)
                send_the_next(settings)
                return ran.status
            final = artifacts_dir(settings, job_id)
            ended = cast(FinalStatus, ran.status)
            exporting = ran.exports is not None and recorder.claim_exports()
            folders = staged, final, checkpoint_dir(settings, job_id)
            held = events.exporting_key(job_id)
            with events.kept_alive(recorder.redis, held) if exporting else nullcontext():
                recorder.finish(ended, ran.reason, ran.summary, *folders)
                if exporting and ran.exports is not None:
                    recorder.export(ran.exports, final)
        send_the_next(settings)
        return ran.status
    except LeaseLost:
        return "fenced"
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def export_job(job_id: int) -> str:
    """Write an ended job's missing exports (ONNX, model.py, the bundle) from its published
    weights and graph, announcing each: what the API asks for when its run died before
    writing them. Holds the claim the API took (`events.exporting_key`) for a few seconds
    at a time while it writes (a worker killed meanwhile lets it go soon), then releases it."""
    settings = get_settings()
    folder = artifacts_dir(settings, job_id)
    r = events.client(settings.broker)
    held = events.exporting_key(job_id)
    try:
        if (folder / BUNDLE).is_file():
            return "written"
        r.set(held, "export", ex=events.WRITING_S)
        with events.kept_alive(r, held):
            return _write_exports(folder, job_id, r)
    except OSError:  # the job was deleted meanwhile
        return "gone"
    finally:
        with suppress(Exception):
            r.delete(held)


def _write_exports(folder: Path, job_id: int, r: redis.Redis) -> str:
    """`export_job`'s writing, each export announced on the job's stream."""
    from .export import write_exports  # torch: only in the worker process
    from .predict import PredictError, load_network
    from .run import announce

    try:
        network, _ = load_network(folder)
    except PredictError:
        return "no weights"
    name = json.loads((folder / GRAPH).read_text(encoding="utf-8")).get("name", "")

    def emit(event: dict[str, Any]) -> None:
        events.append(r, job_id, event)

    announce(write_exports(network, str(name), folder), emit)
    return "written"


def send_the_next(settings: Settings) -> None:
    """This worker is free: the next waiting job goes now, not at the API's next look."""
    try:
        schedule(settings)
    except Exception:  # the API's scheduler sends it within a second anyway
        log.exception("could not schedule the next job")


def take_over_own_run(
    settings: Settings, sessions: sessionmaker[Session], job_id: int, worker: str
) -> bool:
    """A job this very worker was running comes again: its pool process died (the OOM
    killer, a SIGKILL) and Celery put the message back. Once the job's heartbeat has been
    silent for two beats, take it back now, as the reaper would a minute later; True when
    it is queued again for this delivery to claim."""
    with sessions() as session:
        job = session.get(Job, job_id)
        if job is None or job.status != "running" or job.worker != worker:
            return False
        seen = heartbeat_of(job)
    silent = 2 * HEARTBEAT_S + POLL_S
    while True:
        with sessions() as session:
            job = session.get(Job, job_id)
            if job is None or job.status != "running" or heartbeat_of(job) != seen:
                return False  # it beats: a live run has it
            if time.time() - seen >= silent:
                log.warning("job %s: its run on this worker died; taking it back", job_id)
                return take_back(session, settings, job, resend=False) and job.status == "queued"
        time.sleep(POLL_S)


def _run(
    settings: Settings,
    sessions: sessionmaker[Session],
    job_id: int,
    recorder: Recorder,
    staged: Path,
) -> Ran:
    """How the run ended; a failure of the worker's own is `failed`."""
    try:
        return _train(settings, sessions, job_id, recorder, staged)
    except LeaseLost:
        raise
    except Exception as error:  # never leave the row running
        log.exception("job %s failed", job_id)
        return Ran("failed", f"the worker failed: {error}", {})


def _train(
    settings: Settings,
    sessions: sessionmaker[Session],
    job_id: int,
    recorder: Recorder,
    staged: Path,
) -> Ran:
    from .datasets import TestSplit  # torch: only in the worker process
    from .run import run_training

    with sessions() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise JobError(f"job {job_id} was deleted")
        try:
            dataset = resolve_dataset(session, job)
            test = resolve_test(session, job)
            init_weights = resolve_init(session, settings, job)
        except JobError as error:
            return Ran("failed", str(error), {})
        graph, config = job.graph, TrainingConfig.model_validate(job.config)
    checkpoint_dir(settings, job_id).mkdir(parents=True, exist_ok=True)
    checkpoint = inherit_checkpoint(settings, job_id, recorder.lease)
    result = run_training(
        graph,
        dataset,
        config,
        staged,
        test=TestSplit(**test) if test else None,
        emit=recorder.emit,
        should_stop=recorder.should_stop,
        init_weights=init_weights,
        checkpoint=checkpoint,
        pausing=recorder.pausing,
        may_checkpoint=recorder.holds_lease,
        defer_exports=True,
    )
    reason = result.reason or "training finished"
    return Ran(result.status, reason, dict(result.summary), result.exports)
