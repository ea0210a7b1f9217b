"""Job rows written and read straight through the database, as service tests set up a
scene a route cannot (a queued job no scheduler pass has sent yet) and look at what a
worker or a pass wrote to it."""

from __future__ import annotations

from typing import Any

from backend.db.models import Job, User
from backend.db.session import session_factory
from netcanvas import samples


def queued_xor_job(database: str, token: str, config: dict[str, Any]) -> int:
    """A queued `xor_mlp` job on `xor` of the user with `token`, not marked sent."""
    with session_factory(database)() as session:
        owner = session.query(User).filter(User.token == token).one()
        job = Job(owner_id=owner.id, graph=samples.load("xor_mlp"), config=config,
                  dataset="xor")  # fmt: skip
        session.add(job)
        session.commit()
        return job.id


def job_row(database: str, job_id: int) -> Job:
    """The job's row as it is now, detached from its session."""
    with session_factory(database)() as session:
        found = session.get(Job, job_id)
        assert found is not None
        session.expunge(found)
        return found
