"""Liveness of the service."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health", operation_id="health")
def health() -> dict[str, str]:
    """200 once the API answers."""
    return {"status": "ok"}
