"""A job's run as the Celery task drives it: claim the row, train, record every event.

The database row is the truth: a run starts only by moving its job from
`queued` to `running` in one conditional UPDATE, so a redelivered message never
runs a job twice. Every event goes to the job's Redis Stream; epochs, the
evaluation, progress and the final status also go to the database. A
background thread beats a heartbeat into the row (the API's reaper fails jobs
whose heartbeat stops) and polls the cancel flag twice a second, so the
training loop's `should_stop()` reads a boolean, never the network.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from backend import events
from backend.db.models import Dataset, Job, JobEpoch
from backend.db.session import session_factory
from backend.jobs import checkpoint_dir
from backend.settings import Settings, get_settings
from netcanvas.events import EpochEvent, FinalStatus, LogEvent, finished_event
from netcanvas.training_config import TrainingConfig

log = logging.getLogger(__name__)

POLL_S = 0.5
HEARTBEAT_S = 3.0
TERMINAL = ("succeeded", "failed", "cancelled")


class JobError(Exception):
    """A reason the job cannot start, for its `finished` event."""


def artifacts_dir(settings: Settings, job_id: int) -> Path:
    return settings.data_dir / "artifacts" / str(job_id)


def checkpoint_path(settings: Settings, job_id: int) -> Path:
    """The job's last end-of-epoch checkpoint: a run that finds it resumes after that epoch."""
    return checkpoint_dir(settings, job_id) / "last.pt"


def attempt_of(progress: dict[str, Any]) -> dict[str, Any]:
    """The attempt a job is on (`attempt`, `attempts`), which a new run of it keeps."""
    return {key: progress[key] for key in ("attempt", "attempts") if key in progress}


def claim(sessions: sessionmaker[Session], job_id: int, worker: str) -> bool:
    """Move the job from queued to running; False when it is not queued (or gone).

    A job the reaper queued again after its worker died keeps its attempt number.
    """
    stamp = time.time()
    with sessions() as session:
        job = session.get(Job, job_id)
        kept = attempt_of(job.progress) if job else {}
        moved = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == "queued")
            .values(
                status="running",
                worker=worker,
                started_at=job.started_at if job and job.started_at else datetime.now(UTC),
                progress={"heartbeat": stamp, **kept},
            )
        )
        session.commit()
        return bool(getattr(moved, "rowcount", 0) == 1)


def resolve_dataset(session: Session, job: Job) -> str:
    """A built-in name, or the stored path of the owner's upload; never a user's path."""
    ref = job.dataset
    if not ref.startswith("upload:"):
        return ref
    row = session.get(Dataset, int(ref.removeprefix("upload:")))
    if row is None or row.owner_id != job.owner_id:
        raise JobError(f"the uploaded dataset {ref} no longer exists")
    return row.path


def resolve_init(session: Session, settings: Settings, job: Job) -> Path | None:
    """`init_from` names an earlier job of the same owner whose weights start this run."""
    source = job.config.get("init_from")
    if not source:
        return None
    earlier = session.get(Job, int(source)) if str(source).isdigit() else None
    if earlier is None or earlier.owner_id != job.owner_id:
        raise JobError(f"init_from: no job {source}")
    return artifacts_dir(settings, earlier.id)


class Recorder:
    """The run's `emit` and `should_stop`, with the heartbeat thread behind them."""

    def __init__(self, settings: Settings, job_id: int) -> None:
        self.job_id = job_id
        self.sessions = session_factory(settings.database)
        self.redis = events.client(settings.broker)
        with self.sessions() as session:
            job = session.get(Job, job_id)
            attempt = attempt_of(job.progress) if job else {}
            self.recorded = set(
                session.scalars(select(JobEpoch.epoch).where(JobEpoch.job_id == job_id))
            )  # epochs an earlier attempt already recorded
        self.progress: dict[str, Any] = {"heartbeat": time.time(), **attempt}
        self.lock = threading.Lock()
        self.cancelled = threading.Event()
        self.paused = threading.Event()  # a pause is a stop that keeps the checkpoint
        self.done = threading.Event()
        self.finished: dict[str, Any] | None = None
        self.unreachable_since: float | None = None  # when Redis stopped answering, if it has
        self.thread = threading.Thread(target=self._watch, name=f"job-{job_id}", daemon=True)

    def __enter__(self) -> Recorder:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join(timeout=5)

    def should_stop(self) -> bool:
        return self.cancelled.is_set() or self.paused.is_set()

    def pausing(self) -> bool:
        return self.paused.is_set() and not self.cancelled.is_set()

    def pause(self, reason: str) -> None:
        """The run stopped for a pause: the row says `paused`; `POST .../resume` queues it."""
        with self.lock:
            progress = {k: v for k, v in self.progress.items() if k not in ("eta_s",)}
        self._update(status="paused", reason=reason, progress=progress)
        self._announce(LogEvent(message=reason).wire())

    def emit(self, event: dict[str, Any]) -> None:
        """Record one event; `finished` waits until the row has its final status."""
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
        except Exception:  # the run goes on; the stream still has the event
            log.exception("job %s: could not store a %s event", self.job_id, kind)
        self._announce(event)

    def _announce(self, event: dict[str, Any]) -> None:
        """Add the event to the job's stream, riding out a Redis outage of up to a minute in
        all; past that, events are dropped without waiting (the database keeps epochs and the
        result) until Redis answers again."""
        waited = time.monotonic() - self.unreachable_since if self.unreachable_since else 0.0
        patience = max(0.0, events.OUTAGE_S - waited)
        if events.append_patiently(self.redis, self.job_id, event, patience) is not None:
            self.unreachable_since = None
            return
        if self.unreachable_since is None:
            self.unreachable_since = time.monotonic() - patience
        log.warning("job %s: Redis unreachable, a %s event is lost", self.job_id, event["type"])

    def _store(self, kind: object, event: dict[str, Any]) -> None:
        if kind == "progress":
            with self.lock:
                self.progress.update({k: v for k, v in event.items() if k not in ("type", "ts")})
            self._write_progress()
        elif kind == "epoch":
            row = EpochEvent.model_validate(event)
            with self.sessions() as session:
                session.add(JobEpoch(job_id=self.job_id, epoch=row.epoch, metrics=row.metrics()))
                session.commit()
        elif kind == "evaluation":
            evaluation = {k: v for k, v in event.items() if k not in ("type", "ts")}
            self._update(evaluation=evaluation)
        elif kind == "started":
            self._update(device=str(event.get("device", ""))[:200])

    def finish(self, status: FinalStatus, reason: str, summary: dict[str, Any]) -> None:
        """Write the final status, then announce it, so a client that reads `finished` sees it."""
        with self.lock:
            self.progress["heartbeat"] = time.time()
            progress = dict(self.progress)
        self._update(
            status=status,
            reason=reason,
            summary=summary,
            progress=progress,
            finished_at=datetime.now(UTC),
        )
        seconds = (self.finished or {}).get("seconds")
        self._announce(finished_event(status, reason, seconds))

    def _update(self, **values: Any) -> None:
        with self.sessions() as session:
            session.execute(update(Job).where(Job.id == self.job_id).values(**values))
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
            except Exception:
                log.exception("job %s: heartbeat", self.job_id)

    def _check_row_cancel(self) -> None:
        with self.sessions() as session:
            job = session.get(Job, self.job_id)
            if job is None or job.cancel_requested:
                self.cancelled.set()


def run_job(job_id: int, worker: str) -> str:
    """Run a queued job to its end; returns the final status ('skipped' if not queued)."""
    settings = get_settings()
    sessions = session_factory(settings.database)
    if not claim(sessions, job_id, worker):
        log.warning("job %s is not queued: not running it", job_id)
        return "skipped"
    with Recorder(settings, job_id) as recorder:
        try:
            status, reason, summary = _train(settings, sessions, job_id, recorder)
        except Exception as error:  # never leave the row running
            log.exception("job %s failed", job_id)
            status, reason, summary = "failed", f"the worker failed: {error}", {}
        if status == "paused":
            recorder.pause(reason)
            return status
        shutil.rmtree(checkpoint_path(settings, job_id).parent, ignore_errors=True)
        recorder.finish(cast(FinalStatus, status), reason, summary)
    return status


def _train(
    settings: Settings, sessions: sessionmaker[Session], job_id: int, recorder: Recorder
) -> tuple[str, str, dict[str, Any]]:
    from .run import run_training  # torch: only in the worker process

    with sessions() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise JobError(f"job {job_id} was deleted")
        try:
            dataset = resolve_dataset(session, job)
            init_weights = resolve_init(session, settings, job)
        except JobError as error:
            return "failed", str(error), {}
        graph, config = job.graph, TrainingConfig.model_validate(job.config)
    checkpoint = checkpoint_path(settings, job_id)
    checkpoint.parent.mkdir(parents=True, exist_ok=True)
    result = run_training(
        graph,
        dataset,
        config,
        artifacts_dir(settings, job_id),
        emit=recorder.emit,
        should_stop=recorder.should_stop,
        init_weights=init_weights,
        checkpoint=checkpoint,
        pausing=recorder.pausing,
    )
    return result.status, result.reason or "training finished", dict(result.summary)
