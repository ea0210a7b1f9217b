"""Service settings from the environment (`NETCANVAS_*`, plus `DATABASE_URL` and `REDIS_URL`)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NETCANVAS_", extra="ignore")

    data_dir: Path = Field(Path("var"), description="Database, uploads and artifacts live here.")
    database_url: str = Field(
        "",
        validation_alias=AliasChoices("DATABASE_URL", "NETCANVAS_DATABASE_URL"),
        description="SQLAlchemy URL; empty means SQLite in data_dir.",
    )
    redis_url: str = Field(
        "",
        validation_alias=AliasChoices("REDIS_URL", "NETCANVAS_REDIS_URL"),
        description="Broker and event streams; empty means `netcanvas serve` starts one.",
    )
    job_stale_s: float = Field(
        60, gt=0, description="A running job with an older heartbeat has lost its worker."
    )
    reaper_interval_s: float = Field(15, gt=0, description="How often the API looks for them.")
    schedule_interval_s: float = Field(
        1, gt=0, description="How often the API sends waiting jobs to free workers."
    )
    resend_after_s: float = Field(
        60,
        gt=0,
        description="A job sent this long ago and still not started waits again, to be sent "
        "anew, when its message is no longer in Redis: it was lost (a send that failed while "
        "the database was away too); while the message waits there, the job keeps it.",
    )
    worker_slots: int = Field(
        0,
        ge=0,
        description="Jobs one training worker runs at once at most (its Celery pool); 0: one "
        "per core, on a CPU and on a GPU whose memory it knows (else 1). A worker's `-c` says "
        "otherwise for that worker.",
    )
    gpu_job_mb: int = Field(
        0,
        ge=0,
        description="With a GPU and no worker_slots: the GPU memory one job may take, in MiB; "
        "the worker's slots are as many as fit in the free memory when it starts, and it "
        "announces no memory budget. 0: jobs are packed by their own estimates instead.",
    )
    gpu_memory_mb: int = Field(
        0,
        ge=0,
        description="The GPU memory, in MiB, a GPU worker offers its jobs (its budget: jobs "
        "are sent to it while their estimates fit); 0: the free memory nvidia-smi reports "
        "when it starts, or no budget (one job at a time) when it cannot tell.",
    )
    job_attempts: int = Field(
        3, ge=1, description="Runs a job gets when its worker dies; then it fails (a poison job)."
    )
    single_user: str = Field(
        "local", description="Without accounts, requests without a token act as this user."
    )
    max_upload_mb: int = Field(512, ge=1, description="The largest dataset upload, in MiB.")
    inspect_memory_mb: int = Field(
        6144, ge=256, description="The memory one upload's reading may use (its address space)."
    )
    inspect_concurrency: int = Field(
        2, ge=1, description="Uploads read at once; more wait, then get a 429."
    )
    max_active_jobs: int = Field(
        8, ge=1, description="Jobs one user may have queued, running or paused at once."
    )
    max_running_jobs: int = Field(
        2, ge=1, description="Jobs of one user that run at once; the rest wait, queued."
    )
    max_storage_mb: int = Field(
        4096, ge=1, description="The uploads one user may keep, in MiB in all."
    )
    max_params: int = Field(
        200_000_000, ge=1, description="The most trainable parameters a job's network may have."
    )
    max_activation_mb: int = Field(
        8192,
        ge=1,
        description="The most memory one training batch's activations may need (an estimate).",
    )
    auth: Literal["none", "accounts"] = Field(
        "none",
        description="`accounts`: every request signs in (`netcanvas users add`); `none`: one "
        "local user, for the loopback address only.",
    )
    allowed_hosts: str = Field(
        "",
        description="Comma-separated host names the server answers to (its `Host` header); "
        "empty: the loopback names without accounts, any with them.",
    )
    allowed_origins: str = Field(
        "",
        description="Comma-separated origins (https://host:port) besides the server's own "
        "that may open its websockets.",
    )

    @property
    def hosts(self) -> list[str]:
        """What `Host` may say: a page of another site that a DNS rebinding points at this
        machine says its own name, and is refused."""
        if self.allowed_hosts.strip():
            return [h.strip() for h in self.allowed_hosts.split(",") if h.strip()]
        return ["*"] if self.auth == "accounts" else list(LOOPBACK_HOSTS)

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @property
    def broker(self) -> str:
        return self.redis_url or "redis://127.0.0.1:6379/0"

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'netcanvas.db'}"


@cache
def get_settings() -> Settings:
    return Settings()
