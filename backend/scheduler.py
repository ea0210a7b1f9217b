"""The scheduler: sends waiting jobs to free workers, fairly across users and within each
user's own `max_running_jobs` (`backend.user_limits`).

Torch-free, like the rest of the API: a job is sent by its task's name. The row is the
truth; `dispatched_to` marks a job sent, and none while it waits here.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from netcanvas.messages import render

from . import events, user_limits
from .db.models import Job, User
from .db.session import session_factory
from .heartbeat import alive, queue_for, slots_of
from .queue import TRAIN, make_app
from .settings import Settings, get_settings


def dispatch(settings: Settings, job_id: int, queue: str) -> None:
    """Send job `job_id`'s training task to `queue`."""
    make_app(settings.broker).send_task(TRAIN, args=[job_id], queue=queue)


SCHEDULE_LOCK = "netcanvas:schedule"
TRAINING_QUEUES = ("cpu", "gpu")
ALL = "all"  # in `slots_by_queue`: what the training queues share


def schedule(settings: Settings | None = None) -> list[int]:
    """Send waiting jobs to the workers while they have room, fairly across users.

    A queued job is sent (its `dispatched_to` set) only while fewer jobs run on, or were
    sent to, its queue than the workers serving it have slots (`slots_by_queue`); of the
    waiting ones, the next is the oldest of the user with the fewest jobs running or sent,
    and among those of the user served least recently (whose last job started longest
    ago): users take turns, so one user's many queued jobs never keep another's first one
    waiting. No user has more jobs running or sent than their `max_running_jobs`
    (`backend.user_limits`): the rest stay queued, their `reason` saying so, and others'
    jobs go ahead. Called when a job is launched or resumed, when a worker frees itself,
    and every `schedule_interval_s`; one at a time, under a Redis lock. Returns the ids
    sent."""
    settings = settings or get_settings()
    r = events.client(settings.broker)
    if not r.set(SCHEDULE_LOCK, "1", nx=True, px=10_000):
        return []  # another process is scheduling now
    try:
        workers = alive(r)
        slots = slots_by_queue(workers)
        with session_factory(settings.database)() as session:
            chosen, reasons = _choose(session, settings, workers, slots)
            for job in chosen:
                job.dispatched_to = _queue_of(job, workers)
            _tell_why_waiting(session, reasons | {job.id: "" for job in chosen if job.reason})
            session.commit()
            sent = [(job.id, str(job.dispatched_to)) for job in chosen]
        for job_id, queue in sent:
            dispatch(settings, job_id, queue)
        return [job_id for job_id, _ in sent]
    finally:
        r.delete(SCHEDULE_LOCK)


def slots_by_queue(workers: list[dict[str, Any]]) -> dict[str, int]:
    """How many jobs may run at once on each training queue, the slots of the workers
    serving it summed, and on all of them together (`ALL`), every training worker's slots
    counted once: a worker that serves both queues (`netcanvas serve`'s) has its slots
    for either, not for each."""
    training = [w for w in workers if set(TRAINING_QUEUES) & set(w["queues"])]
    slots = {q: sum(slots_of(w) for w in training if q in w["queues"]) for q in TRAINING_QUEUES}
    return slots | {ALL: sum(slots_of(w) for w in training)}


def _choose(
    session: Session, settings: Settings, workers: list[dict[str, Any]], slots: dict[str, int]
) -> tuple[list[Job], dict[int, str]]:
    """The waiting jobs to send now, in order (see `schedule`), and the new `reason` of
    each job left waiting whose reason changes: why it waits for its owner's own running
    jobs, or none."""
    in_flight = session.execute(
        select(Job.owner_id, Job.dispatched_to).where(
            (Job.status == "running") | ((Job.status == "queued") & Job.dispatched_to.is_not(None))
        )
    ).all()
    busy = Counter(queue or "cpu" for _, queue in in_flight)
    per_user = Counter(owner for owner, _ in in_flight)
    waiting = list(
        session.scalars(
            select(Job)
            .where(Job.status == "queued", Job.dispatched_to.is_(None))
            .order_by(Job.created_at, Job.id)
        )
    )
    served = dict(
        session.execute(
            select(Job.owner_id, func.max(Job.started_at))
            .where(Job.started_at.is_not(None))
            .group_by(Job.owner_id)
        ).all()
    )  # when each user's last job started: the least recently served go first
    owners = _owners(session, {job.owner_id for job in waiting})
    running_limit = {
        owner: user_limits.effective(user, settings).max_running_jobs
        for owner, user in owners.items()
    }
    chosen: list[Job] = []
    while waiting:
        ready = [
            job
            for job in waiting
            if per_user[job.owner_id] < running_limit.get(job.owner_id, settings.max_running_jobs)
            and _has_room(_queue_of(job, workers), busy, slots)
        ]
        if not ready:
            break
        job = min(ready, key=lambda j: (per_user[j.owner_id], _stamp(served.get(j.owner_id))))
        busy[_queue_of(job, workers)] += 1
        per_user[job.owner_id] += 1
        served[job.owner_id] = datetime.now(UTC)
        waiting.remove(job)
        chosen.append(job)
    reasons = {}
    for job in waiting:
        held = job.owner_id in owners and per_user[job.owner_id] >= running_limit[job.owner_id]
        reason = _held(owners[job.owner_id], settings, per_user[job.owner_id]) if held else ""
        if job.reason != reason:
            reasons[job.id] = reason
    return chosen, reasons


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


def _has_room(queue: str, busy: Counter[str], slots: dict[str, int]) -> bool:
    return busy[queue] < slots[queue] and sum(busy[q] for q in TRAINING_QUEUES) < slots[ALL]


def _queue_of(job: Job, workers: list[dict[str, Any]]) -> str:
    return queue_for(str(job.config.get("device", "auto")), workers)
