"""The scheduler: sends waiting jobs to free workers, fairly across users and within each
user's own `max_running_jobs` (`backend.user_limits`).

Several jobs share a GPU worker while their memory estimates fit in the budget it
announces (`schedule`); a CPU worker takes one job per slot.

Torch-free, like the rest of the API: a job is sent by its task's name. The row is the
truth; `dispatched_to` marks a job sent, and none while it waits here: a job whose send
fails has its mark taken back, so the next pass sends it again. A mark that could not be
taken back (the database away too) expires after `resend_after_s` (`dispatched_at`) once
its message is not in the broker (`backend.broker_messages`), and is renewed while it is; the
claim writes the queue its message came from (`worker.jobs.claim`), so a job that runs
counts against the queue it runs on even when its mark had been taken back.
"""

from __future__ import annotations

import logging
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
from kombu.exceptions import OperationalError
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from netcanvas.messages import render

from . import events, user_limits
from .broker_messages import jobs_in_broker
from .db.models import Job, User
from .db.session import session_factory
from .heartbeat import alive, memory_of, queue_for, slots_of
from .queue import TRAIN, send
from .settings import Settings, get_settings

log = logging.getLogger(__name__)


def dispatch(settings: Settings, job_id: int, queue: str) -> None:
    """Send job `job_id`'s training task to `queue`."""
    send(settings.broker, TRAIN, [job_id], queue=queue)


SCHEDULE_LOCK = "netcanvas:schedule"
TRAINING_QUEUES = ("cpu", "gpu")
ALL = "all"  # in `slots_by_queue`: what the training queues share


class SendFailed(OperationalError):
    """`schedule`'s send of job `job_id` failed (Redis away for a moment): it and the jobs
    after it in that pass (`unsent`, it first) wait again for the next pass; those before
    it went. A kombu `OperationalError`, so whoever caught that before still does."""

    def __init__(self, job_id: int, unsent: list[int], error: Exception) -> None:
        super().__init__(f"job {job_id}: {error}")
        self.job_id, self.unsent = job_id, unsent


def schedule(settings: Settings | None = None) -> list[int]:
    """Send waiting jobs to the workers while they have room, fairly across users.

    A queued job is sent (its `dispatched_to` set) only while fewer jobs run on, or were
    sent to, its queue than the workers serving it have slots (`slots_by_queue`); of the
    waiting ones, the next is the oldest of the user with the fewest jobs running or sent,
    and among those of the user served least recently (whose last job started longest
    ago): users take turns, so one user's many queued jobs never keep another's first one
    waiting. No user has more jobs running or sent than their `max_running_jobs`
    (`backend.user_limits`): the rest stay queued, their `reason` saying so, and others'
    jobs go ahead.

    When the workers serving `gpu` announce a memory budget (`gpu_budget_mb`), a job goes
    there only while the memory estimates of the jobs running on or sent to it (`memory_mb`,
    `netcanvas.memory`) and its own fit in the budget; an idle GPU takes any job, so one
    larger than the budget runs alone, and a job without an estimate counts as the whole
    budget. The next job in turn that does not fit holds the `gpu` queue: no later one
    passes it, so a large job is never starved by a stream of small ones; its `reason`
    says what it waits for, and the `cpu` queue goes on. Several GPU workers' budgets are
    summed: a message goes to whichever of them takes it first, so a job may find the
    fuller GPU.

    Called when a job is launched or resumed, when a worker frees itself, and every
    `schedule_interval_s`; one at a time, under a Redis lock. A send that fails (kombu's
    `OperationalError`: Redis away for a moment) leaves that job and the rest of this pass
    waiting (`_unmark`) and is raised as `SendFailed`, which names them: a caller acts on
    its own job only when its own send failed. A job sent more than `resend_after_s` ago
    and still queued waits again first when its message is gone from the broker
    (`_expire_marks`). Returns the ids sent."""
    settings = settings or get_settings()
    r = events.client(settings.broker)
    if not r.set(SCHEDULE_LOCK, "1", nx=True, px=10_000):
        return []  # another process is scheduling now
    try:
        workers = alive(r)
        slots = slots_by_queue(workers)
        with session_factory(settings.database)() as session:
            _expire_marks(session, settings, r)
            chosen, reasons = _choose(session, settings, workers, slots)
            now = datetime.now(UTC)
            for job in chosen:
                job.dispatched_to, job.dispatched_at = _queue_of(job, workers), now
            _tell_why_waiting(session, reasons | {job.id: "" for job in chosen if job.reason})
            session.commit()
            sent = [(job.id, str(job.dispatched_to)) for job in chosen]
        for n, (job_id, queue) in enumerate(sent):
            try:
                dispatch(settings, job_id, queue)
            except Exception as error:
                unsent = [unsent for unsent, _ in sent[n:]]
                _unmark(settings, unsent)
                if isinstance(error, OperationalError):
                    raise SendFailed(job_id, unsent, error) from error
                raise
        return [job_id for job_id, _ in sent]
    finally:
        with suppress(redis.RedisError):  # Redis away: the lock expires by itself
            r.delete(SCHEDULE_LOCK)


def _unmark(settings: Settings, job_ids: list[int]) -> None:
    """The jobs whose send failed (Redis away for a moment), or was not tried after one
    failed, are waiting again, not sent: the next pass sends them once Redis answers, with
    or without a restart. Had the failed message gone out after all, the job goes twice,
    and the second delivery is skipped (a task runs its job only from `queued`). With the
    database away too, their marks stay until they expire (`_expire_marks`)."""
    try:
        with session_factory(settings.database)() as session:
            session.execute(
                update(Job)
                .where(Job.id.in_(job_ids), Job.status == "queued")
                .values(dispatched_to=None)
                .execution_options(synchronize_session=False)
            )
            session.commit()
    except SQLAlchemyError as error:
        log.warning("jobs %s stay marked sent until their marks expire (%s s): %s",
                    job_ids, settings.resend_after_s, error)  # fmt: skip


def _expire_marks(session: Session, settings: Settings, r: redis.Redis) -> None:
    """A job sent more than `resend_after_s` ago that is still queued has not been claimed.
    While its message is still in the broker (waiting in its queue for a busy worker, or
    just taken by one: `broker_messages.jobs_in_broker`) its mark is renewed, so the queue
    never holds more than that one message for it. A message gone (a failed send whose
    mark `_unmark` could not take back, a Redis that lost its queue, a worker that died
    holding it) leaves the job waiting again, so this pass sends it anew; a second
    delivery, should the first turn up after all, is skipped by the claim. A mark from
    before `dispatched_at` expires."""
    now = datetime.now(UTC)
    cutoff = now - timedelta(seconds=settings.resend_after_s)
    stale = (
        Job.status == "queued",
        Job.dispatched_to.is_not(None),
        or_(Job.dispatched_at.is_(None), Job.dispatched_at < cutoff),
    )
    rows = session.execute(select(Job.id, Job.dispatched_to).where(*stale))
    marks = {job_id: str(queue) for job_id, queue in rows}
    if not marks:  # the usual pass reads only: no write lock on SQLite every second
        return
    held = jobs_in_broker(r, marks.values(), cutoff.timestamp()) & set(marks)
    gone = sorted(set(marks) - held)
    for ids, values in ((sorted(held), {"dispatched_at": now}), (gone, {"dispatched_to": None})):
        if ids:
            session.execute(
                update(Job)
                .where(Job.id.in_(ids), *stale)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
    if gone:
        log.warning("jobs %s, sent over %s s ago, had not started and their messages are "
                    "gone: sending them again", gone, settings.resend_after_s)  # fmt: skip


def slots_by_queue(workers: list[dict[str, Any]]) -> dict[str, int]:
    """How many jobs may run at once on each training queue, the slots of the workers
    serving it summed, and on all of them together (`ALL`), every training worker's slots
    counted once: a worker that serves both queues (`netcanvas serve`'s) has its slots
    for either, not for each."""
    training = [w for w in workers if set(TRAINING_QUEUES) & set(w["queues"])]
    slots = {q: sum(slots_of(w) for w in training if q in w["queues"]) for q in TRAINING_QUEUES}
    return slots | {ALL: sum(slots_of(w) for w in training)}


def gpu_budget_mb(workers: list[dict[str, Any]]) -> int | None:
    """The GPU memory the workers serving `gpu` offer their jobs, in MiB, summed; None when
    there are none, or one of them announces no budget (a worker from before budgets, or
    one that cannot tell): then their slots alone decide, as before budgets."""
    serving = [w for w in workers if "gpu" in w["queues"]]
    budgets = [memory_of(w) for w in serving]
    if not budgets or any(b is None for b in budgets):
        return None
    return sum(b for b in budgets if b is not None)


@dataclass
class _Room:
    """What the training queues have left while one pass chooses: slots on each queue and
    on all together, and on `gpu`, when its workers announce a budget, GPU memory."""

    slots: dict[str, int]
    busy: Counter[str]
    budget_mb: int | None  # the `gpu` workers' budgets summed; None: slots alone decide
    load_mb: int = 0  # what the jobs running on or sent to `gpu` need of it

    def has_slot(self, queue: str) -> bool:
        total = sum(self.busy[q] for q in TRAINING_QUEUES)
        return self.busy[queue] < self.slots[queue] and total < self.slots[ALL]

    def no_slot(self, queue: str) -> str:
        """Why a job waits though its owner may run more: every slot is taken."""
        if self.slots[ALL] == 0:
            return render("job.waits_for_worker")
        full = self.busy[queue] >= self.slots[queue]
        return render("job.waits_for_slot", {"slots": self.slots[queue if full else ALL]})

    def need(self, queue: str, memory_mb: int | None) -> int:
        """What a job takes of the budget: its estimate; the whole budget for a job
        without one (from before estimates); nothing off the `gpu` queue."""
        if queue != "gpu" or self.budget_mb is None:
            return 0
        return self.budget_mb if memory_mb is None else memory_mb

    def fits(self, queue: str, memory_mb: int | None) -> bool:
        """Whether a job fits beside those in flight. An idle GPU takes any job, so one
        larger than the whole budget still runs, alone."""
        if queue != "gpu" or self.budget_mb is None or self.busy[queue] == 0:
            return True
        return self.load_mb + self.need(queue, memory_mb) <= self.budget_mb

    def take(self, queue: str, memory_mb: int | None) -> None:
        self.busy[queue] += 1
        self.load_mb += self.need(queue, memory_mb)

    def short_of(self, queue: str, memory_mb: int | None) -> str:
        """Why a job waits for GPU memory, with the figures."""
        budget = self.budget_mb or 0
        need, free = self.need(queue, memory_mb), max(0, budget - self.load_mb)
        return render("job.waits_for_memory", {"need_mb": f"{need:,}", "free_mb": f"{free:,}",
                                               "budget_mb": f"{budget:,}"})  # fmt: skip


def _choose(
    session: Session, settings: Settings, workers: list[dict[str, Any]], slots: dict[str, int]
) -> tuple[list[Job], dict[int, str]]:
    """The waiting jobs to send now, in order (see `schedule`), and the new `reason` of
    each job left waiting whose reason changes: why it waits for its owner's own running
    jobs, for GPU memory or for a free slot (every worker's busy), or none."""
    room, per_user = _in_flight(session, workers, slots)
    waiting = list(
        session.scalars(
            select(Job)
            .where(Job.status == "queued", Job.dispatched_to.is_(None))
            .order_by(Job.created_at, Job.id)
        )
    )
    served = _last_served(session)
    owners = _owners(session, {job.owner_id for job in waiting})
    limit = {o: user_limits.effective(u, settings).max_running_jobs for o, u in owners.items()}
    chosen: list[Job] = []
    why: dict[int, str] = {}  # the job each held queue waits for, and why
    candidates = list(waiting)
    while candidates:
        ready = [
            job
            for job in candidates
            if per_user[job.owner_id] < limit.get(job.owner_id, settings.max_running_jobs)
            and room.has_slot(_queue_of(job, workers))
        ]
        if not ready:
            break
        job = min(ready, key=lambda j: (per_user[j.owner_id], _stamp(served.get(j.owner_id))))
        queue = _queue_of(job, workers)
        if not room.fits(queue, job.memory_mb):
            # Next in turn but the GPU is too full: no later job passes it on this queue, so
            # a large job waits for room instead of starving behind a stream of small ones.
            why[job.id] = room.short_of(queue, job.memory_mb)
            candidates = [j for j in candidates if _queue_of(j, workers) != queue]
            continue
        room.take(queue, job.memory_mb)
        per_user[job.owner_id] += 1
        served[job.owner_id] = datetime.now(UTC)
        candidates.remove(job)
        chosen.append(job)
    left = [job for job in waiting if job not in chosen]
    for job in left:  # the rest wait for a free slot, if that is what they lack
        queue = _queue_of(job, workers)
        if job.id not in why and not room.has_slot(queue):
            why[job.id] = room.no_slot(queue)
    return chosen, _reasons(left, owners, settings, per_user, why)


def _in_flight(
    session: Session, workers: list[dict[str, Any]], slots: dict[str, int]
) -> tuple[_Room, Counter[int]]:
    """The room left by the jobs running or sent, and how many of them each user has."""
    in_flight = session.execute(
        select(Job.owner_id, Job.dispatched_to, Job.memory_mb).where(
            (Job.status == "running") | ((Job.status == "queued") & Job.dispatched_to.is_not(None))
        )
    ).all()
    room = _Room(slots, Counter(), gpu_budget_mb(workers))
    for _, queue, memory_mb in in_flight:
        room.take(queue or "cpu", memory_mb)
    return room, Counter(owner for owner, _, _ in in_flight)


def _last_served(session: Session) -> dict[int, datetime | None]:
    """When each user's last job started: the least recently served go first."""
    rows = session.execute(
        select(Job.owner_id, func.max(Job.started_at))
        .where(Job.started_at.is_not(None))
        .group_by(Job.owner_id)
    ).all()
    return {owner: started for owner, started in rows}


def _reasons(
    left: list[Job],
    owners: dict[int, User],
    settings: Settings,
    per_user: Counter[int],
    why: dict[int, str],
) -> dict[int, str]:
    """The new reason of each job left waiting whose reason changes: its owner's own
    running jobs first, then GPU memory or a free slot, else none."""
    reasons = {}
    for job in left:
        owner, running = owners.get(job.owner_id), per_user[job.owner_id]
        reason = why.get(job.id, "")
        if owner is not None and running >= user_limits.effective(owner, settings).max_running_jobs:
            reason = _held(owner, settings, running)
        if job.reason != reason:
            reasons[job.id] = reason
    return reasons


def _tell_why_waiting(session: Session, reasons: dict[int, str]) -> None:
    """Each job's new reason, written only while it is still queued: a cancel or pause
    that came in meanwhile keeps its own."""
    for job_id, reason in reasons.items():
        session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == "queued")
            .values(reason=reason)
            .execution_options(synchronize_session=False)
        )


def _owners(session: Session, ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {user.id: user for user in session.scalars(select(User).where(User.id.in_(ids)))}


def _held(owner: User, settings: Settings, running: int) -> str:
    """Why a queued job waits though a worker may be free: its owner's own running jobs."""
    limit = user_limits.effective(owner, settings).max_running_jobs
    source = user_limits.source(owner, settings, "max_running_jobs")
    return render("job.waits_for_running", {"count": running, "limit": limit, "source": source})


def _stamp(when: datetime | None) -> float:
    if when is None:
        return 0.0
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def _queue_of(job: Job, workers: list[dict[str, Any]]) -> str:
    return queue_for(str(job.config.get("device", "auto")), workers)
