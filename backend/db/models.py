"""Every table. Each row belongs to a user; routes reach rows only through `backend.deps`."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


ROLES = ("student", "teacher", "admin")


class User(Base):
    """A person. `token` acts as them without accounts (single-user mode, scripts); with
    accounts they sign in with their password (`password_hash`, argon2id, never the clear
    text) and act through a session."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_hex(24)
    )
    role: Mapped[str] = mapped_column(String(16), default="student", server_default="student")
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True, default=None)
    # Set for a generated password: every route but `/api/auth/*` answers 403 until changed.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_false()
    )
    # An admin's limits for this user, each overriding the server's setting of the same name
    # (`backend.user_limits`): absent keys take the server's.
    limits: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class AuthSession(Base):
    """A signed-in session: the sha256 of its token (the token itself is never stored) and
    the CSRF token that cookie-authenticated requests that change state must send."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)

    networks: Mapped[list[Network]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True
    )


class Network(Base):
    """A saved graph; every save is also kept as a `NetworkRevision`."""

    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    graph: Mapped[dict[str, Any]]
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)
    # The sample (`netcanvas/samples/<name>.json`) the network was saved from, whose lesson the
    # launch panel offers; None for any other network and for those saved before it was kept.
    sample: Mapped[str | None] = mapped_column(String(64), nullable=True, default=None)
    # The launch preset it is meant to be trained with (`{dataset, config, note}`, each optional;
    # `backend.routes.networks.LaunchPreset`): a class copy's, or what the editor saved with it.
    # None for networks from before 0009 and those with none.
    launch: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, default=None)

    project: Mapped[Project] = relationship(back_populates="networks")
    revisions: Mapped[list[NetworkRevision]] = relationship(
        back_populates="network",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="NetworkRevision.number",
    )


class NetworkRevision(Base):
    __tablename__ = "network_revisions"
    __table_args__ = (UniqueConstraint("network_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    graph: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    network: Mapped[Network] = relationship(back_populates="revisions")


class Dataset(Base):
    """An uploaded dataset; built-in ones are not rows. `path` is the server's, never shown."""

    __tablename__ = "datasets"
    # One name per owner (migration 0012): `unused_name` picks it, a clash retries.
    __table_args__ = (Index("uq_datasets_owner_name", "owner_id", "name", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(String(1024))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    info: Mapped[dict[str, Any]] = mapped_column(default=dict)  # task, shapes, classes, sizes
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Job(Base):
    """A training run. This row is the truth about a job; the broker message only wakes a worker."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("networks.id", ondelete="SET NULL"), index=True
    )
    graph: Mapped[dict[str, Any]]  # snapshot at launch
    config: Mapped[dict[str, Any]]  # snapshot at launch
    dataset: Mapped[str] = mapped_column(String(200))  # built-in name or "upload:<id>"
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    progress: Mapped[dict[str, Any]] = mapped_column(default=dict)
    device: Mapped[str] = mapped_column(String(200), default="")
    worker: Mapped[str] = mapped_column(String(200), default="")
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    # The fencing token: one higher with each claim and each reaping (`worker.jobs.claim`).
    lease: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The queue its task was sent to; none while it waits for a free worker (`schedule`).
    dispatched_to: Mapped[str | None] = mapped_column(String(16), nullable=True, default=None)
    # When it was sent: a mark older than `resend_after_s` on a queued job expires (0011).
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Its peak GPU memory in MiB, estimated at launch (`netcanvas.memory`): what it takes of a
    # GPU worker's budget (`backend.scheduler`); null for jobs from before 0007.
    memory_mb: Mapped[int | None] = mapped_column(Integer, nullable=True, default=None)
    # The lesson note it was launched with (`{en, ja}`), shown on its page; none before 0009.
    note: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, default=None)
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    evaluation: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    epochs: Mapped[list[JobEpoch]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="JobEpoch.epoch"
    )

    @property
    def network_name(self) -> str:
        """The network's name as the graph snapshot has it ("" when it has none)."""
        name = self.graph.get("name") if isinstance(self.graph, dict) else None
        return name if isinstance(name, str) else ""

    @property
    def input_shape(self) -> list[int] | None:
        """The first Input node's shape in the graph snapshot (None when it has none)."""
        nodes = self.graph.get("nodes") if isinstance(self.graph, dict) else None
        for node in nodes if isinstance(nodes, list) else []:
            if isinstance(node, dict) and node.get("type") == "Input":
                shape = (node.get("params") or {}).get("shape")
                if isinstance(shape, list) and all(isinstance(n, int) for n in shape):
                    return shape
                return None
        return None

    @property
    def inputs(self) -> int:
        """How many Input nodes the graph snapshot's main graph has (a unit holds none)."""
        nodes = self.graph.get("nodes") if isinstance(self.graph, dict) else None
        nodes = nodes if isinstance(nodes, list) else []
        return sum(1 for node in nodes if isinstance(node, dict) and node.get("type") == "Input")

    @property
    def generative(self) -> bool:
        """Whether the graph snapshot draws from noise (a VAE's GaussianSample, in a unit too)."""
        from netcanvas.layers.generative import NOISE_TYPES

        graph = self.graph if isinstance(self.graph, dict) else {}
        units = graph.get("units")
        units = units if isinstance(units, list) else []
        return any(kind in NOISE_TYPES for kind in _node_types([graph, *units]))


class JobEpoch(Base):
    """One epoch's summary, so a job's curves outlive Redis."""

    __tablename__ = "job_epochs"
    __table_args__ = (UniqueConstraint("job_id", "epoch"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    epoch: Mapped[int] = mapped_column(Integer)
    metrics: Mapped[dict[str, Any]]
    # Its points of the per-step curve (`MetricsEvent.point`), oldest first; null before 0006.
    steps: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True, default=None)
    # The id of its `epoch` event in the job's stream: what a reconnecting client sent back.
    stream_id: Mapped[str | None] = mapped_column(String(40), nullable=True, default=None)


class Publication(Base):
    """What a teacher published to the class: a snapshot of a network (with the dataset
    and training settings it is meant for), a dataset of theirs, or both. Students see
    every publication and copy it into their own work (`backend/routes/published.py`);
    the copy is theirs, and later changes on either side leave the other alone."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    network_name: Mapped[str | None] = mapped_column(String(200), nullable=True, default=None)
    graph: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, default=None)
    # A built-in dataset's name, or none; `dataset_id` is the teacher's uploaded one.
    dataset: Mapped[str | None] = mapped_column(String(200), nullable=True, default=None)
    dataset_id: Mapped[int | None] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), nullable=True, default=None
    )
    config: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    # The sample the published network was saved from (`networks.sample`); a copy keeps it.
    sample: Mapped[str | None] = mapped_column(String(64), nullable=True, default=None)


def _node_types(parts: list[Any]) -> list[Any]:
    """The `type` of every node of a graph snapshot's parts (the graph, its units)."""
    nodes = [p.get("nodes") for p in parts if isinstance(p, dict)]
    return [
        n.get("type")
        for each in nodes
        if isinstance(each, list)
        for n in each
        if isinstance(n, dict)
    ]
