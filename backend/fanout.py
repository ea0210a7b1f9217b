"""One reader of a job's live events per API process, shared by every websocket following it.

Each socket used to run its own `XREAD` and encode every event itself: a class of a
hundred watching one job made a hundred reads and encodings of each event. A `Feed`
reads the job's stream once (`XREAD BLOCK` from the last id it has) and hands each
entry, as a `Frame` encoded once per language, to every follower's queue.

A follower joins before it replays what it missed (after its own last id), so nothing
falls between its replay and the feed; what it gets twice it skips by id. When the
stream has been quiet for a second, the feed asks once whether the job has ended and
tells every follower (`ENDED`), which then replays the end as before (the database
keeps what Redis lost). A feed that cannot read Redis hands its error to every
follower, which closes. A follower that falls `BACKLOG` frames behind (a client that
stopped reading) is dropped the same way: its frames go, it gets `Lagged` and closes,
and its client resumes from its last id by replay; memory stays bounded per socket.
The feed stops when its last follower leaves.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any

from . import events
from .replay import order

Encode = Callable[[str, dict[str, Any], str], dict[str, Any]]  # (stream id, event, lang)


def encoded(message: dict[str, Any]) -> str:
    """A message as a websocket text frame, as Starlette's `send_json` writes it."""
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False)


class Frame:
    """One entry of the stream, as every follower sends it: encoded once per language."""

    def __init__(self, stream_id: str, event: dict[str, Any], encode: Encode) -> None:
        self.stream_id, self.event, self.encode = stream_id, event, encode
        self._texts: dict[str, str] = {}

    def text(self, lang: str) -> str:
        if lang not in self._texts:
            self._texts[lang] = encoded(self.encode(self.stream_id, self.event, lang))
        return self._texts[lang]

    def after(self, stream_id: str) -> bool:
        return order(self.stream_id) > order(stream_id)


ENDED = object()  # the stream is quiet and the job has ended: replay its end
Item = Frame | BaseException | object
BACKLOG = 2000  # frames a follower may have waiting (minutes of a run's events)


class Lagged(Exception):
    """A follower fell too far behind the stream: it closes, and its client resumes."""


class Feed:
    """The live reader of one job's stream, for every follower in this process."""

    def __init__(
        self, broker: str, job_id: int, start: str, ended: Callable[[], Awaitable[bool]]
    ) -> None:
        self.broker, self.job_id, self.last, self.ended = broker, job_id, start, ended
        self.followers: set[asyncio.Queue[Item]] = set()
        self.encode: Encode = lambda stream_id, event, lang: {"id": stream_id, "event": event}
        self.task: asyncio.Task[None] | None = None

    def tell(self, item: Item) -> None:
        for queue in list(self.followers):
            if queue.qsize() < BACKLOG:
                queue.put_nowait(item)
                continue
            self.followers.discard(queue)
            while not queue.empty():
                queue.get_nowait()
            queue.put_nowait(Lagged(f"more than {BACKLOG} events behind job {self.job_id}"))

    async def run(self) -> None:
        r = events.async_client(self.broker)
        try:
            while self.followers:
                entries = await events.follow(r, self.job_id, self.last, block_ms=1000)
                for stream_id, event in entries:
                    self.tell(Frame(stream_id, event, self.encode))
                    self.last = stream_id
                if not entries and await self.ended():
                    self.tell(ENDED)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # Redis away, or the database: every follower closes
            self.tell(error)
        finally:
            _FEEDS.pop(self.key, None)
            with suppress(Exception):
                await asyncio.shield(r.aclose())

    @property
    def key(self) -> tuple[int, str, int]:
        return _key(self.broker, self.job_id)


_FEEDS: dict[tuple[int, str, int], Feed] = {}


def _key(broker: str, job_id: int) -> tuple[int, str, int]:
    # One per event loop too: each loop has its own connections (tests run several apps).
    return id(asyncio.get_running_loop()), broker, job_id


async def _latest(broker: str, job_id: int) -> str:
    r = events.async_client(broker)
    try:
        newest = await r.xrevrange(events.stream_key(job_id), count=1)
    finally:
        await r.aclose()
    return str(newest[0][0]) if newest else "0-0"


@asynccontextmanager
async def following(
    broker: str, job_id: int, ended: Callable[[], Awaitable[bool]], encode: Encode
) -> AsyncIterator[asyncio.Queue[Item]]:
    """A queue of the job's live `Frame`s from now on (then `ENDED`, or an error), shared
    with the job's other followers in this process; left on exit."""
    feed = _FEEDS.get(_key(broker, job_id))
    if feed is None:
        feed = Feed(broker, job_id, await _latest(broker, job_id), ended)
        feed.encode = encode
        feed = _FEEDS.setdefault(feed.key, feed)  # another follower may have made one meanwhile
    queue: asyncio.Queue[Item] = asyncio.Queue()
    feed.followers.add(queue)
    if feed.task is None or feed.task.done():
        _FEEDS[feed.key] = feed
        feed.task = asyncio.create_task(feed.run())
    try:
        yield queue
    finally:
        feed.followers.discard(queue)
        if not feed.followers and feed.task is not None:
            feed.task.cancel()
            _FEEDS.pop(feed.key, None)


def feeds() -> int:
    """How many feeds this process runs (on this event loop): one per followed job."""
    loop = id(asyncio.get_running_loop())
    return sum(1 for key in _FEEDS if key[0] == loop)
