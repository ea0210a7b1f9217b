"""The class view: a teacher (or an admin) reads every student's jobs and networks.

Read-only by construction: this router has only GET routes, and a teacher still reaches
objects elsewhere only through the `Owned*` dependencies, so every owner route answers a
teacher 404 for a student's object, as for anyone else's. Here an id that is not a
student's (a teacher's own, another teacher's, or none at all) is a 404 too. Without
accounts there is no class: every route answers 403 saying so.

The class table is two queries whatever the number of jobs: the students, then every
student's job joined with its best epoch metrics, aggregated in the database.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, case, func, null, select

from netcanvas.events import JobStatus
from netcanvas.messages import reason_in
from netcanvas.reports import Evaluation, PredictionPage, Samples

from ..dataset_names import dataset_names
from ..db.models import Job, JobEpoch, Network, Project, User
from ..deps import CurrentUser, Language, SessionDep, SettingsDep, valid_id
from ..jobs import JobBase
from ..localise import refused
from ..loopback import accounts_only, is_loopback
from ..schemas import GraphDocument, UtcDatetime
from .class_filter import CheckedClassQuery, job_conditions, json_text, student_conditions
from .jobs import samples_file
from .networks import NetworkSummary
from .results import CheckedQuery, predictions_page

router = APIRouter(prefix="/api/class", tags=["class"])

TEACHING = ("teacher", "admin")
NOT_TEACHER: dict[int | str, dict[str, Any]] = {
    403: {"description": "Only a teacher or an admin, on a server with accounts."}
}


def teacher(user: CurrentUser, settings: SettingsDep) -> User:
    """The signed-in teacher or admin; 403 for a student, and for everyone without accounts."""
    if settings.auth != "accounts":
        raise refused(403, "class.no_accounts")
    if user.role not in TEACHING:
        raise refused(403, "class.teachers_only", role=user.role)
    return user


Teacher = Annotated[User, Depends(teacher)]

BestMetric = Literal["val_accuracy", "val_loss", "accuracy"]


class JobBrief(BaseModel):
    """One job in the class table."""

    id: int
    status: JobStatus
    reason: str = Field(
        "", description="Why it waits (a free slot, its owner's own running jobs) or ended so."
    )
    dataset: str
    dataset_name: str | None = Field(
        None,
        description="The dataset's name for a person: an upload's name, a built-in set's title "
        "(in the asker's language); null when its upload is gone.",
    )
    network_id: int | None
    network_name: str = Field("", description="The network's name as the job was launched with it.")
    epoch: int | None = Field(description="The epoch it is in, or the last it finished.")
    epochs: int | None = Field(description="The epochs it was launched for.")
    best_metric: BestMetric | None = Field(
        description="The best epoch's highest `val_accuracy` (classification), else its lowest "
        "`val_loss`, else the final evaluation's `accuracy`; none before any of them."
    )
    best_value: float | None
    created_at: UtcDatetime
    finished_at: UtcDatetime | None


class StudentJobs(BaseModel):
    id: int
    name: str
    jobs: list[JobBrief] = Field(description="Newest first.")


class ClassJob(JobBase):
    """A student's job, read-only: the job, whose it is, its epochs and its evaluation (not its
    note, which only its owner reads; nor its graph, which `/graph` answers once, not at each
    poll)."""

    owner_id: int
    owner_name: str
    epochs: list[dict[str, Any]] = Field(description="Every epoch's metrics, oldest first.")
    evaluation: Evaluation | None


class ClassNetwork(NetworkSummary):
    owner_id: int
    owner_name: str
    project_name: str


class ClassNetworkPublic(ClassNetwork):
    graph: GraphDocument


def _number(column: Any, key: str, sqlite: bool) -> ColumnElement[float]:
    """`column[key]` as a number, in SQL. Python's json writes NaN and Infinity, which SQLite
    stores but its JSON functions refuse ("malformed JSON", failing the whole query): there a
    document that is not valid JSON counts as having no such key. (PostgreSQL never takes it.)"""
    value: ColumnElement[float] = column[key].as_float()
    if sqlite:
        return case((func.json_valid(column) == 1, value), else_=null())
    return value


def _best(row: Any) -> tuple[BestMetric | None, float | None]:
    if row.best_accuracy is not None:
        return "val_accuracy", float(row.best_accuracy)
    if row.best_loss is not None:
        return "val_loss", float(row.best_loss)
    if row.final_accuracy is not None:
        return "accuracy", float(row.final_accuracy)
    return None, None


def _brief(row: Any, lang: str) -> JobBrief:
    progress, config = row.progress or {}, row.config or {}
    epoch = progress.get("epoch", row.last_epoch)
    metric, value = _best(row)
    return JobBrief(
        id=row.id,
        status=row.status,
        reason=reason_in(row.reason, lang),
        dataset=row.dataset,
        network_id=row.network_id,
        network_name=str(row.network_name or ""),
        epoch=epoch,
        epochs=progress.get("epochs", config.get("epochs")),
        best_metric=metric,
        best_value=value,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )


TOTAL_HEADER = "X-Total-Count"


@router.get(
    "/students",
    response_model=list[StudentJobs],
    operation_id="classStudents",
    responses={
        **NOT_TEACHER,
        200: {
            "headers": {
                TOTAL_HEADER: {
                    "description": "How many students match, over all pages.",
                    "schema": {"type": "integer"},
                }
            }
        },
        422: {"description": "A filter or page parameter is out of range; the message names it."},
    },
)
def class_students(
    session: SessionDep,
    _: Teacher,
    settings: SettingsDep,
    lang: Language,
    query: CheckedClassQuery,
    response: Response,
) -> list[StudentJobs]:
    """Every student with their jobs summarised (status, why it waits, epoch, best metric),
    newest first. Students come by their newest job, the most recently active first (with a
    job filter, their newest matching job), then those without jobs by name; ties by id, so
    pages are stable. Filtered and paged as `backend/routes/class_filter.py` says. The user of
    NETCANVAS_AUTH=none ("local", owning what was made before accounts) is no student: left
    out (`backend.loopback`; `netcanvas users give local NAME` hands its jobs over)."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    students_of = [*student_conditions(query, sqlite), accounts_only(settings.single_user)]
    latest = (  # each student's newest listed job (ids grow with time)
        select(Job.owner_id, func.max(Job.id).label("job_id"))
        .where(*job_conditions(query, sqlite))
        .group_by(Job.owner_id)
        .subquery()
    )
    listed = (
        select(User.id, User.name)
        .outerjoin(latest, latest.c.owner_id == User.id)
        .where(*students_of)
        .order_by(
            latest.c.job_id.is_(None),  # students without jobs last (PostgreSQL: NULLs first)
            latest.c.job_id.desc(),
            func.lower(User.name),  # "Mary Ann" among "hana" and "ken"
            User.name,
            User.id,
        )
        .offset(query.offset)
        .limit(query.limit)
    )
    students = session.execute(listed).all()
    total = len(students)
    if query.limit is not None or query.offset:  # a page: one more query, paged calls only
        total = session.scalar(select(func.count(User.id)).where(*students_of)) or 0
    response.headers[TOTAL_HEADER] = str(total)
    jobs: dict[int, list[JobBrief]] = {student.id: [] for student in students}
    if jobs:
        for row in session.execute(_jobs_of(list(jobs), job_conditions(query, sqlite), sqlite)):
            jobs[row.owner_id].append(_brief(row, lang))
    briefs = [brief for listed_jobs in jobs.values() for brief in listed_jobs]
    names = dataset_names(session, (brief.dataset for brief in briefs), lang)
    for brief in briefs:
        brief.dataset_name = names.get(brief.dataset)
    return [StudentJobs(id=s.id, name=s.name, jobs=jobs[s.id]) for s in students]


def _jobs_of(owners: list[int], conditions: list[Any], sqlite: bool) -> Any:
    """The jobs of `owners` that meet `conditions`, newest first, each with its best epoch
    metrics aggregated in the database."""
    best = (
        select(
            JobEpoch.job_id,
            func.max(_number(JobEpoch.metrics, "val_accuracy", sqlite)).label("best_accuracy"),
            func.min(_number(JobEpoch.metrics, "val_loss", sqlite)).label("best_loss"),
            func.max(JobEpoch.epoch).label("last_epoch"),
        )
        .group_by(JobEpoch.job_id)
        .subquery()
    )
    return (
        select(
            Job.id,
            Job.owner_id,
            Job.status,
            Job.reason,
            Job.dataset,
            Job.network_id,
            json_text(Job.graph, "name", sqlite).label("network_name"),
            Job.progress,
            Job.config,
            Job.created_at,
            Job.finished_at,
            _number(Job.evaluation, "accuracy", sqlite).label("final_accuracy"),
            best.c.best_accuracy,
            best.c.best_loss,
            best.c.last_epoch,
        )
        .outerjoin(best, best.c.job_id == Job.id)
        .where(Job.owner_id.in_(owners), *conditions)
        .order_by(Job.id.desc())
    )


def student_row(
    session: SessionDep, settings: SettingsDep, model: type[Job] | type[Network], row_id: int
) -> Any:
    """The row and its owner's name when a student owns it; None otherwise (the user of
    NETCANVAS_AUTH=none, "local", is no student: its rows are missing here too)."""
    if not valid_id(row_id):
        return None
    query = (
        select(model, User.name)
        .join(User, User.id == model.owner_id)
        .where(model.id == row_id, User.role == "student", accounts_only(settings.single_user))
    )
    return session.execute(query).first()


@router.get(
    "/jobs/{job_id}",
    response_model=ClassJob,
    response_model_exclude_unset=True,
    operation_id="classJob",
    responses={**NOT_TEACHER, 404: {"description": "No student has this job."}},
)
def class_job(
    job_id: int, session: SessionDep, settings: SettingsDep, _: Teacher, lang: Language
) -> ClassJob:
    """A student's job, read-only, with its owner, its epochs and its evaluation."""
    found = student_row(session, settings, Job, job_id)
    if found is None:
        raise refused(404, "class.unknown_job", job=job_id)
    job, owner_name = found
    epochs = session.scalars(
        select(JobEpoch).where(JobEpoch.job_id == job.id).order_by(JobEpoch.epoch)
    )
    public = JobBase.model_validate(job).model_dump()
    public["reason"] = reason_in(job.reason, lang)
    public["dataset_name"] = dataset_names(session, [job.dataset], lang).get(job.dataset)
    evaluation = None if job.evaluation is None else Evaluation.model_validate(job.evaluation)
    return ClassJob(
        **public,
        owner_id=job.owner_id,
        owner_name=owner_name,
        epochs=[{"epoch": row.epoch, **row.metrics} for row in epochs],
        evaluation=evaluation,
    )


def _student_job(session: SessionDep, settings: SettingsDep, job_id: int) -> Job:
    found = student_row(session, settings, Job, job_id)
    if found is None:
        raise refused(404, "class.unknown_job", job=job_id)
    job: Job = found[0]
    return job


class ClassJobGraph(BaseModel):
    graph: GraphDocument = Field(
        description="The graph the job was launched with: what it trained, saved or not."
    )


@router.get(
    "/jobs/{job_id}/graph",
    response_model=ClassJobGraph,
    operation_id="classJobGraph",
    responses={**NOT_TEACHER, 404: {"description": "No student has this job."}},
)
def class_job_graph(
    job_id: int, session: SessionDep, settings: SettingsDep, _: Teacher
) -> dict[str, Any]:
    """The network a student's job trained, as it was launched: a student often changes a
    layer and trains without saving, so their saved networks may not show it."""
    return {"graph": _student_job(session, settings, job_id).graph}


@router.get(
    "/jobs/{job_id}/predictions",
    operation_id="classJobPredictions",
    response_model=PredictionPage,
    response_model_exclude_unset=True,
    responses={
        **NOT_TEACHER,
        404: {"description": "No student has this job, or it has no stored predictions."},
        422: {"description": "A parameter is out of range; the message names it."},
    },
)
def class_job_predictions(
    job_id: int, session: SessionDep, settings: SettingsDep, _: Teacher, query: CheckedQuery
) -> dict[str, Any]:
    """A student's job's predictions, as `GET /api/jobs/{job_id}/predictions` answers its owner
    (a confusion-matrix cell's rows, page by page)."""
    return predictions_page(settings, _student_job(session, settings, job_id).id, query)


@router.get(
    "/jobs/{job_id}/samples",
    operation_id="classJobSamples",
    response_model=Samples,
    responses={**NOT_TEACHER, 404: {"description": "No student has this job, or no samples."}},
)
def class_job_samples(
    job_id: int, session: SessionDep, settings: SettingsDep, _: Teacher
) -> FileResponse:
    """A student's job's evaluated samples, as `GET /api/jobs/{job_id}/samples` answers its
    owner: the pictures of a confusion-matrix cell."""
    return samples_file(settings, _student_job(session, settings, job_id).id)


def _network(network: Network, owner_name: str, project_name: str) -> dict[str, Any]:
    summary = NetworkSummary.model_validate(network).model_dump()
    return {**summary, "owner_id": network.owner_id, "owner_name": owner_name,
            "project_name": project_name}  # fmt: skip


@router.get(
    "/students/{user_id}/networks",
    response_model=list[ClassNetwork],
    operation_id="classStudentNetworks",
    responses={**NOT_TEACHER, 404: {"description": "There is no such student."}},
)
def class_student_networks(
    user_id: int, session: SessionDep, settings: SettingsDep, _: Teacher
) -> list[dict[str, Any]]:
    """A student's networks, newest first, without their graphs."""
    student = session.get(User, user_id) if valid_id(user_id) else None
    if student is None or student.role != "student" or is_loopback(student, settings.single_user):
        raise refused(404, "class.unknown_student", user=user_id)
    rows = session.execute(
        select(Network, Project.name)
        .join(Project, Project.id == Network.project_id)
        .where(Network.owner_id == student.id)
        .order_by(Network.updated_at.desc(), Network.id.desc())
    ).all()
    return [_network(network, student.name, project) for network, project in rows]


@router.get(
    "/networks/{network_id}",
    response_model=ClassNetworkPublic,
    operation_id="classNetwork",
    responses={**NOT_TEACHER, 404: {"description": "No student has this network."}},
)
def class_network(
    network_id: int, session: SessionDep, settings: SettingsDep, _: Teacher
) -> dict[str, Any]:
    """A student's network with its current graph, read-only."""
    found = student_row(session, settings, Network, network_id)
    if found is None:
        raise refused(404, "class.unknown_network", network=network_id)
    network, owner_name = found
    project = session.get(Project, network.project_id)
    project_name = project.name if project is not None else ""
    return {**_network(network, owner_name, project_name), "graph": network.graph}
