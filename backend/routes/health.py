"""Readiness of the service: the API, its database, Redis and at least one worker."""

from __future__ import annotations

from typing import Any

import redis
from fastapi import APIRouter, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import events
from ..deps import SessionDep, SettingsDep
from ..heartbeat import alive, memory_of, slots_of

router = APIRouter(prefix="/api", tags=["health"])


@router.get(
    "/health",
    operation_id="health",
    responses={503: {"description": "Up, but not ready: the body names what is missing."}},
)
def health(response: Response, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """200 once the API, the database, Redis and a training worker are ready; 503 before."""
    answer: dict[str, Any] = {"api": "ok", "database": "ok", "redis": "ok", "workers": []}
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        answer["database"] = f"unreachable: {type(error).__name__}"
    try:
        workers = alive(events.client(settings.broker))
        answer["workers"] = [
            {
                "name": w["name"],
                "queues": w["queues"],
                "cuda": w["cuda"],
                "slots": slots_of(w),
                "memory_mb": memory_of(w),
            }
            for w in workers
        ]
    except redis.RedisError as error:
        answer["redis"] = f"unreachable: {error}"
    problems = [name for name in ("database", "redis") if answer[name] != "ok"]
    training = [w for w in answer["workers"] if {"cpu", "gpu"} & set(w["queues"])]
    if answer["redis"] == "ok" and not training:
        problems.append("no training worker has announced itself yet")
    answer["status"] = "ok" if not problems else "starting: " + "; ".join(problems)
    response.status_code = 200 if not problems else 503
    return answer
