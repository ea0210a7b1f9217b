"""Training jobs: launch, list, read, cancel, delete, events (history and live), artifacts, predict.

The job row is the truth; the Celery message, sent by task name, only wakes a
worker. Every route reaches a job through `OwnedJob`, so another owner's job
is a 404 everywhere.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Annotated, Any

import anyio
import redis
from fastapi import (
    APIRouter,
    HTTPException,
    Query,
    Request,
    Response,
    WebSocket,
    WebSocketDisconnect,
)
from fastapi.responses import FileResponse, JSONResponse
from kombu.exceptions import OperationalError
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from netcanvas import memory
from netcanvas.artifacts import ARTIFACTS, BOUNDARY, ArtifactName
from netcanvas.events import (
    EventType,
    FinishedEvent,
    LogEvent,
    QueuedEvent,
    StepPoint,
    finished_event,
    stored,
)
from netcanvas.messages import prefer, reason_in, render
from netcanvas.reports import Evaluation, PredictAnswer, Samples

from .. import events, exports, fanout
from ..dataset_names import dataset_names
from ..db.models import Job, JobEpoch
from ..db.session import session_factory
from ..deps import (
    SESSION_COOKIE,
    CurrentUser,
    Language,
    OwnedJob,
    SessionDep,
    SettingsDep,
    check_changed,
    get_owned,
    identify,
    owned_network,
)
from ..heartbeat import alive
from ..held_out import Coded, inherited_split, seen_rows
from ..jobs import (
    ACTIVE,
    EventPublic,
    JobCreate,
    JobPublic,
    JobWarning,
    check_fit,
    check_init_from,
    check_share,
    check_size,
    check_targets,
    check_test_fraction,
    check_trainable,
    checked_graph,
    checkpoint_dir,
    clear_leftovers,
    input_shape,
    move,
    reads_x,
    reaper_lifespan,
    refuse_several_inputs,
    resolve_dataset,
)
from ..localise import QUEUE_DOWN, close_queue_down, refused
from ..predict import PREDICT_BODY, by_variable, predict_inputs
from ..queue import PREDICT
from ..replay import replay
from ..scheduler import SendFailed, schedule
from ..schemas import GRAPH_SCHEMA
from ..settings import Settings, get_settings
from ..start_fit import job_weights
from ..trained import ask_predict_worker, job_folder, trained_folder

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["jobs"], lifespan=reaper_lifespan)

PREDICT_TIMEOUT_S = 60
AfterId = Annotated[str | None, Query(description="Only events after this stream id.")]
WithWeights = Annotated[
    bool,
    Query(description="Add each succeeded job's nodes with weights and their shapes (`weights`)."),
]
EventTypes = Annotated[
    list[EventType] | None,
    Query(
        alias="type",
        description="Only the events of these types (repeat it for several; `type=log`: the "
        "log lines alone, e.g. to word them again in another language). Without it, every event.",
    ),
]


@router.post("/jobs", status_code=201, response_model=JobPublic, operation_id="createJob")
def create_job(
    body: JobCreate, session: SessionDep, user: CurrentUser, settings: SettingsDep, lang: Language
) -> JobPublic:
    """Check everything, snapshot graph, config and dataset into a job, then queue it.

    The 4xx messages come in the language of Accept-Language; their codes don't change.
    `warnings`: what the job's log also says at its start (its split taken from the job whose
    weights it starts from; held-out rows those weights were trained on).
    """
    if (body.network_id is None) == (body.graph is None):
        raise refused(422, "job.network_or_graph")
    if body.network_id is not None:
        graph = owned_network(body.network_id, session, user).graph
    else:
        graph = body.graph or {}
    config = body.config
    analysis = checked_graph(graph)
    check_trainable(analysis)
    dataset, facts = resolve_dataset(session, user, body.dataset)
    check_test_fraction(config, dataset)
    if reads_x(analysis):  # the Input of x against the samples (several: check_targets)
        check_fit(facts.sample_shape, input_shape(analysis), dataset)
    check_targets(analysis, facts.targets)
    check_size(analysis, config, settings)
    check_share(session, user, settings)
    check_init_from(session, user, config, analysis)
    config, kept = inherited_split(session, config, dataset, user.id)
    notes = ([kept] if kept else []) + seen_rows(session, config, dataset, user.id)
    _check_gpu_worker(settings, config.device)
    job = Job(
        owner_id=user.id,
        network_id=body.network_id,
        graph=graph,
        config=config.model_dump(mode="json"),
        dataset=dataset,
        memory_mb=memory.estimate(analysis, config, facts.samples).total_mb,
        note=None if body.note is None else body.note.model_dump(exclude_none=True),
    )
    session.add(job)
    session.commit()
    try:
        r = events.client(settings.broker)
        clear_leftovers(settings, r, job.id)
        events.append(r, job.id, QueuedEvent().wire())
        for code, params in notes:  # before the worker's first event: it may start at once
            events.append(r, job.id, LogEvent.of(code, **params).wire())
    except (redis.RedisError, OperationalError, OSError) as error:
        _fail_launch(session, job, error)
        return _launched(session, job, notes, lang)
    try:
        schedule(settings)  # sent now if a worker has room, else when one has
    except SendFailed as error:
        if error.job_id == job.id:  # its own send: another's leaves it queued
            _fail_launch(session, job, error)
        else:
            log.warning("job %s stays queued for the next pass: %s", job.id, error)
    except (redis.RedisError, OperationalError, OSError) as error:
        # Redis gone within the pass, before any send: it waits, queued, for the next one.
        log.warning("job %s stays queued for the next pass: %s", job.id, error)
    return _launched(session, job, notes, lang)


def public_jobs(session: Session, jobs: Iterable[Job], lang: str) -> list[JobPublic]:
    """The jobs as every job route answers them: each reason in the asker's language and
    its dataset's name (`dataset_name`), the names in one query."""
    answers = [JobPublic.model_validate(job) for job in jobs]
    names = dataset_names(session, (answer.dataset for answer in answers), lang)
    for answer in answers:
        answer.reason = reason_in(answer.reason, lang)
        answer.dataset_name = names.get(answer.dataset)
    return answers


def public_job(session: Session, job: Job, lang: str) -> JobPublic:
    """One job as `public_jobs` answers it."""
    return public_jobs(session, [job], lang)[0]


def _launched(session: Session, job: Job, notes: list[Coded], lang: str) -> JobPublic:
    """The launch's answer: the job, with the notes about its split as warnings."""
    public = public_job(session, job, lang)
    public.warnings = [JobWarning(code=code, message=render(code, params, lang), params=params)
                       for code, params in notes]  # fmt: skip
    return public


def _fail_launch(session: Session, job: Job, error: Exception) -> None:
    """A launch that found Redis gone: 503 `job.queue_down`, the job `failed` with that
    reason; unless a worker claimed it first (its failed send reached Redis after all):
    then it runs, and the launch answers as a good one (`move` read it again)."""
    # The error names the broker's address: the log has it, the user a plain reason.
    log.warning("job %s: the job queue is not reachable: %s", job.id, error)
    reason, now = render("job.queue_down"), datetime.now(UTC)
    if move(session, job, "queued", status="failed", reason=reason, finished_at=now):
        raise refused(503, "job.queue_down")


def _check_gpu_worker(settings: Settings, device: str) -> None:
    """A job that needs CUDA would wait forever with no GPU worker: refuse it now."""
    if device != "cuda":
        return
    try:
        workers = alive(events.client(settings.broker))
    except redis.RedisError:
        return  # queueing below answers 503, naming Redis
    if not any(worker["cuda"] for worker in workers):
        raise refused(422, "job.no_gpu_worker")


@router.get("/jobs", response_model=list[JobPublic], operation_id="listJobs")
def list_jobs(
    session: SessionDep, user: CurrentUser, lang: Language, weights: WithWeights = False
) -> list[JobPublic]:
    """The user's jobs, newest first, each reason in the asker's language; with `weights`,
    each succeeded job's nodes with weights and their shapes (the launch panel's starts)."""
    query = select(Job).where(Job.owner_id == user.id).order_by(Job.id.desc())
    jobs = list(session.scalars(query))
    answers = public_jobs(session, jobs, lang)
    for job, answer in zip(jobs, answers, strict=True):
        if weights and job.status == "succeeded":
            answer.weights = job_weights(job)
    return answers


@router.get("/jobs/{job_id}", response_model=JobPublic, operation_id="readJob")
def read_job(
    job: OwnedJob, session: SessionDep, settings: SettingsDep, lang: Language
) -> JobPublic:
    """Status, progress, timestamps, device, reason, summary and the note it was launched with;
    `has_boundary`: whether its page may ask for a decision boundary (none asked: no 404)."""
    public = public_job(session, job, lang)  # why it waits, in the asker's language
    public.has_boundary = (job_folder(settings, job.id) / BOUNDARY).is_file()
    return public


@router.post("/jobs/{job_id}/cancel", response_model=JobPublic, operation_id="cancelJob")
def cancel_job(
    job: OwnedJob, session: SessionDep, settings: SettingsDep, lang: Language
) -> JobPublic:
    """Stop the run within two seconds; it keeps what it had. A queued job never starts;
    a paused one ends where its pause left it. One that a worker claimed meanwhile is
    cancelled as a running one is: by its cancel flag, which its worker reads."""
    if job.status not in (*ACTIVE, "paused"):
        return public_job(session, job, lang)
    r = events.client(settings.broker)
    r.set(events.cancel_key(job.id), "1", ex=7 * 24 * 3600)
    job.cancel_requested = True  # the flag alone: the row's status is `move`'s to write
    session.commit()
    for _ in range(4):  # each try follows a move of the job's (claimed, resumed, paused)
        if job.status not in ("queued", "paused"):
            break  # running: its worker stops at the flag; ended: nothing to do
        started = job.status == "paused"
        reason = "cancelled while paused" if started else "cancelled before it started"
        now = datetime.now(UTC)
        if move(session, job, job.status, status="cancelled", reason=reason, finished_at=now):
            shutil.rmtree(checkpoint_dir(settings, job.id), ignore_errors=True)
            events.append(r, job.id, finished_event("cancelled", reason))
            break
    return public_job(session, job, lang)


@router.post(
    "/jobs/{job_id}/pause",
    response_model=JobPublic,
    operation_id="pauseJob",
    responses={
        409: {"description": "The job has ended, or a worker claimed it meanwhile (ask again)."}
    },
)
def pause_job(
    job: OwnedJob, session: SessionDep, settings: SettingsDep, lang: Language
) -> JobPublic:
    """Stop the run within two seconds, keeping its last end-of-epoch checkpoint; the job
    becomes `paused` (a queued one at once) and `POST .../resume` goes on from there.
    A queued job that a worker claimed meanwhile is a 409 `job.moved_on`: ask again."""
    if job.status == "paused":
        return public_job(session, job, lang)
    if job.status not in ACTIVE:
        raise refused(409, "job.not_active", status=job.status)
    r = events.client(settings.broker)
    if job.status == "queued":
        if not move(session, job, "queued", status="paused", reason="paused before it started"):
            raise refused(409, "job.moved_on", status=job.status)
        try:
            events.append(r, job.id, LogEvent.of("log.paused_queued").wire())
        except Exception:
            # Redis away: 503, the job queued again as it was; a delivery of it skipped
            # meanwhile (it was paused) is made good by the next pass's send.
            move(session, job, "paused", status="queued", reason="", dispatched_to=None)
            raise
        return public_job(session, job, lang)
    r.set(events.pause_key(job.id), "1", ex=7 * 24 * 3600)
    return public_job(session, job, lang)


@router.post(
    "/jobs/{job_id}/resume",
    response_model=JobPublic,
    operation_id="resumeJob",
    responses={
        409: {"description": "The job is not paused, or stopped being paused meanwhile."},
    },
)
def resume_job(
    job: OwnedJob, session: SessionDep, settings: SettingsDep, lang: Language
) -> JobPublic:
    """Queue a paused job again; it goes on after its last finished epoch. One cancelled
    (or resumed in another tab) meanwhile is a 409 `job.moved_on`."""
    # Redis away before the row is saved: 503, the job stays paused. After it (the log
    # line, the send): the job stays queued and the scheduler's next pass sends it.
    if job.status != "paused":
        raise refused(409, "job.not_paused", status=job.status)
    r = events.client(settings.broker)
    r.ping()  # Redis away: 503 before anything is written
    was = {"reason": job.reason, "dispatched_to": job.dispatched_to}
    if not move(session, job, "paused", status="queued", reason="", dispatched_to=None):
        raise refused(409, "job.moved_on", status=job.status)
    try:  # the pause flag goes once the job is queued again: a 409 above leaves it
        r.delete(events.pause_key(job.id))
    except (redis.RedisError, OSError):
        move(session, job, "queued", status="paused", **was)  # paused again, as it was
        raise
    try:
        events.append(r, job.id, LogEvent.of("log.requeued").wire())
        schedule(settings)  # sent now if a worker has room, else when one has
    except (redis.RedisError, OperationalError, OSError) as error:
        log.warning("job %s: queued again, to be sent when Redis answers: %s", job.id, error)
    return public_job(session, job, lang)


@router.delete("/jobs/{job_id}", status_code=204, operation_id="deleteJob")
def delete_job(job: OwnedJob, session: SessionDep, settings: SettingsDep) -> Response:
    """Delete a finished job with its events and artifacts; an active one is a 409."""
    if job.status in ACTIVE:
        raise refused(409, "job.cancel_first", status=job.status)
    job_id = job.id
    r = events.client(settings.broker)
    exports.wait(r, job_id)  # a job deleted as it ends: its exports are written first
    session.delete(job)
    session.commit()
    events.delete(r, job_id)
    shutil.rmtree(settings.data_dir / "artifacts" / str(job_id), ignore_errors=True)
    shutil.rmtree(checkpoint_dir(settings, job_id), ignore_errors=True)
    return Response(status_code=204)


@router.get("/jobs/{job_id}/events", response_model=list[EventPublic], operation_id="jobEvents")
def job_events(
    job: OwnedJob,
    session: SessionDep,
    settings: SettingsDep,
    lang: Language,
    after: AfterId = None,
    types: EventTypes = None,
) -> JSONResponse:
    """The job's events after `after` (all without it), oldest first, each a `JobEvent`;
    only those of the types `type` names when it is given. Each keeps its stream id.

    The same path as a websocket (`ws://.../api/jobs/{job_id}/events?after=ID`)
    replays the events after `after`, then follows live, sending one message
    `{"id": ..., "event": ...}` (an `EventPublic`: the stream id and a
    `JobEvent`) per event, and closes after `finished`. A client that
    reconnects with the last id it saw gets every later event once; what Redis
    lost is served from the database (each epoch, the evaluation, `finished`).
    """
    if after is not None and not events.valid_id(after):
        raise refused(422, "job.bad_stream_id", after=after)
    entries = replay(events.client(settings.broker), session, job, after)
    if types is not None:
        entries = [entry for entry in entries if entry[1].get("type") in types]
    return JSONResponse([_public(stream_id, event, lang) for stream_id, event in entries])


@router.websocket("/jobs/{job_id}/events")
async def follow_events(websocket: WebSocket, job_id: int, after: str | None = None) -> None:
    """Replay the events after `after`, then follow live; closes after `finished`, with
    4503 and the reason `job.queue_down` when Redis goes away (reconnect from the last id)."""
    settings = get_settings()
    allowed = await asyncio.to_thread(_may_follow, websocket, settings, job_id)
    if not allowed or (after and not events.valid_id(after)):
        await websocket.close(code=4404)
        return
    await websocket.accept()
    try:
        async with anyio.create_task_group() as group:

            async def send_events() -> None:
                await _stream(websocket, settings, job_id, after or "0-0")
                group.cancel_scope.cancel()

            async def watch_client() -> None:
                await _until_disconnect(websocket)
                group.cancel_scope.cancel()

            group.start_soon(send_events)
            group.start_soon(watch_client)
    except* QUEUE_DOWN as gone:  # Redis away: closed with 4503 `job.queue_down`
        await close_queue_down(websocket, gone.exceptions[0])


@router.get("/jobs/{job_id}/epochs", operation_id="jobEpochs")
def job_epochs(job: OwnedJob, session: SessionDep) -> list[dict[str, Any]]:
    """Every epoch's summary, from the database: it outlives Redis."""
    query = select(JobEpoch).where(JobEpoch.job_id == job.id).order_by(JobEpoch.epoch)
    return [{"epoch": row.epoch, **row.metrics} for row in session.scalars(query)]


@router.get(
    "/jobs/{job_id}/steps",
    operation_id="jobSteps",
    response_model=list[StepPoint],
    response_model_exclude_none=True,
)
def job_steps(job: OwnedJob, session: SessionDep) -> list[dict[str, Any]]:
    """The per-step curve of every epoch that ended, from the database, oldest first."""
    query = select(JobEpoch).where(JobEpoch.job_id == job.id).order_by(JobEpoch.epoch)
    return [
        {"epoch": row.epoch, **point} for row in session.scalars(query) for point in row.steps or []
    ]


@router.get(
    "/jobs/{job_id}/evaluation",
    operation_id="jobEvaluation",
    response_model=Evaluation,
    response_model_exclude_unset=True,
)
def job_evaluation(job: OwnedJob) -> dict[str, Any]:
    """The final evaluation (confusion matrix, per-class scores, or regression errors)."""
    if job.evaluation is None:
        raise refused(404, "job.no_evaluation")
    return job.evaluation


@router.get(
    "/jobs/{job_id}/graph",
    operation_id="jobGraph",
    response_model=None,
    responses={200: {"content": {"application/json": {"schema": GRAPH_SCHEMA}}}},
)
def job_graph(job: OwnedJob) -> dict[str, Any]:
    """The graph as the job trained it (its snapshot), to re-open or train again."""
    return job.graph


@router.get("/jobs/{job_id}/samples", operation_id="jobSamples", response_model=Samples)
def job_samples(job: OwnedJob, settings: SettingsDep) -> FileResponse:
    """The evaluated validation samples (images or values) and autoencoder reconstructions.

    `samples[i]` is the input of the evaluation's `predictions[i]` (same `index`),
    so a confusion-matrix cell can show its samples.
    """
    return samples_file(settings, job.id)


def samples_file(settings: Settings, job_id: int) -> FileResponse:
    """A job's evaluated samples (for its owner here, for a teacher in the class)."""
    path = settings.data_dir / "artifacts" / str(job_id) / "samples.json"
    if not path.is_file():
        raise refused(404, "job.no_samples", job=job_id)
    return FileResponse(path, media_type="application/json")


@router.get("/jobs/{job_id}/artifacts/{name}", operation_id="jobArtifact")
def job_artifact(job: OwnedJob, name: ArtifactName, settings: SettingsDep) -> FileResponse:
    """Download one artifact: weights, ONNX, code, graph, evaluation, metrics or the zip."""
    path = settings.data_dir / "artifacts" / str(job.id) / name
    if name not in ARTIFACTS or not path.is_file():
        exports.ensure(settings, job)
        raise refused(404, "job.no_artifact", job=job.id, name=name)
    return FileResponse(path, filename=f"job{job.id}-{name}")


@router.post(
    "/jobs/{job_id}/predict",
    operation_id="predictJob",
    openapi_extra=PREDICT_BODY,
    response_model=PredictAnswer,
    response_model_exclude_unset=True,
    responses={409: {"description": "The job has no weights: not ended, or cancelled before any."}},
)
async def predict(job: OwnedJob, request: Request, settings: SettingsDep) -> dict[str, Any]:
    """Class probabilities or values for a vector, a sequence or an image, from a worker."""
    trained_folder(settings, job)
    inputs, image, images = await predict_inputs(request)
    if not by_variable(inputs, images):  # one tensor: a network with one Input
        refuse_several_inputs(job.graph)
    chunk = job.config.get("batch_size") if isinstance(job.config, dict) else None
    args = [job.id, inputs, image, images, chunk if isinstance(chunk, int) else 64]
    return await asyncio.to_thread(_ask_worker, settings.broker, args)


def _ask_worker(broker: str, args: list[Any]) -> dict[str, Any]:
    answer = ask_predict_worker(broker, PREDICT, args, PREDICT_TIMEOUT_S)
    if "error" in answer and isinstance(answer.get("code"), str):
        raise refused(422, answer["code"], **dict(answer.get("params") or {}))
    if "error" in answer:  # a worker from before refusals had codes: its English text
        raise HTTPException(422, {"message": answer["error"]})
    return answer


def _may_follow(websocket: WebSocket, settings: Settings, job_id: int) -> bool:
    """The same rules as `OwnedJob`, for the websocket (a token in the header or the query,
    or the session cookie), from the server's own page or an allowed origin only."""
    if not allowed_origin(websocket, settings):
        return False
    token = websocket.query_params.get("token")
    header = websocket.headers.get("authorization") or (f"Bearer {token}" if token else None)
    cookie = websocket.cookies.get(SESSION_COOKIE)
    with session_factory(settings.database)() as session:
        try:
            user = identify(session, settings, header, cookie)
            check_changed(user, settings)
            get_owned(session, Job, job_id, user)
        except HTTPException:
            return False
    return True


def allowed_origin(websocket: WebSocket, settings: Settings) -> bool:
    """A browser names the page that opens a websocket in `Origin`: it must be this
    server's own (same host and port as `Host`) or listed in `allowed_origins`, so
    another site's page cannot follow a signed-in user's jobs. Scripts send none."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    allowed = {o.strip().rstrip("/") for o in settings.allowed_origins.split(",") if o.strip()}
    host = websocket.headers.get("host", "")
    return origin.rstrip("/") in allowed or origin.split("://", 1)[-1].rstrip("/") == host


async def _stream(websocket: WebSocket, settings: Settings, job_id: int, last: str) -> None:
    wanted = websocket.query_params.get("lang")  # the UI's language; a browser sends its own
    lang = prefer(wanted or websocket.headers.get("accept-language"))
    await _send_events(websocket, settings, job_id, last, lang)


async def _send_events(
    websocket: WebSocket, settings: Settings, job_id: int, last: str, lang: str
) -> None:
    """Send each event once, in order; stop after `finished` or once the job has ended.

    The replay after `last` and the end of an ended job come through `replay`, which
    adds what Redis lost from the database; live events come from the job's one `Feed`
    in this process (`backend/fanout.py`), joined before the replay so nothing is missed."""

    async def ended() -> bool:
        return await asyncio.to_thread(_is_final, settings, job_id)

    async with fanout.following(settings.broker, job_id, ended, _public) as live:
        entries = await asyncio.to_thread(_replay, settings, job_id, last)
        while True:
            for stream_id, event in entries:
                if not await _send(websocket, fanout.encoded(_public(stream_id, event, lang))):
                    return  # the client left
                last = stream_id
                if event.get("type") == "finished":
                    await websocket.close()
                    return
            item = await live.get()
            if isinstance(item, fanout.Lagged):  # the client stopped reading: it resumes
                await websocket.close(code=1013)  # "try again later", from its last id
                return
            if isinstance(item, BaseException):
                raise item
            if item is fanout.ENDED:
                entries = await asyncio.to_thread(_replay, settings, job_id, last)
                if not entries:  # ended, and nothing left to say
                    await websocket.close()
                    return
                continue
            assert isinstance(item, fanout.Frame)
            entries = []
            if not item.after(last):
                continue  # the replay had it
            if not await _send(websocket, item.text(lang)):
                return
            last = item.stream_id
            if item.event.get("type") == "finished":
                await websocket.close()
                return


async def _send(websocket: WebSocket, text: str) -> bool:
    """Whether the text went out (False: the client has left)."""
    try:
        await websocket.send_text(text)
    except (WebSocketDisconnect, RuntimeError):
        return False
    return True


def _public(stream_id: str, event: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """An `EventPublic` as both routes send it: the event read back through `JobEvent`,
    a coded log line worded in `lang`."""
    try:
        typed = stored(event)
        if isinstance(typed, LogEvent):
            typed = typed.localised(lang)
        if isinstance(typed, FinishedEvent):  # a reason the worker words from a code
            typed.reason = reason_in(typed.reason, lang)
        data = typed.wire()
    except ValidationError:  # not ours to drop: replay it as stored
        data = event
    return {"id": stream_id, "event": data}


async def _until_disconnect(websocket: WebSocket) -> None:
    """Returns when the client leaves, so a silent run does not keep its reader."""
    try:
        while (await websocket.receive())["type"] != "websocket.disconnect":
            pass
    except (WebSocketDisconnect, RuntimeError):
        pass


def _replay(settings: Settings, job_id: int, after: str) -> list[events.Entry]:
    with session_factory(settings.database)() as session:
        job = session.get(Job, job_id)
        if job is None:
            return []
        return replay(events.client(settings.broker), session, job, after)


# A worker makes the row final, publishes the artifacts, then appends `finished` to the
# stream (worker/jobs.py `finish`). For this long after the row turned final, a quiet stream
# means that end is on its way: a follower that replayed it from the row instead would get
# a `finished` of another id than the stream's. Past it, Redis has lost the end.
ANNOUNCE_GRACE_S = 10.0


def _is_final(settings: Settings, job_id: int) -> bool:
    """Whether a follower should stop waiting for the stream and replay the job's end."""
    with session_factory(settings.database)() as session:
        job = session.get(Job, job_id)
        if job is None:
            return True
        if job.status in ACTIVE:
            return False
        if job.finished_at is None:
            return True
        finished = job.finished_at
        if finished.tzinfo is None:  # SQLite keeps no zone: the worker wrote UTC
            finished = finished.replace(tzinfo=UTC)
        return (datetime.now(UTC) - finished).total_seconds() > ANNOUNCE_GRACE_S
