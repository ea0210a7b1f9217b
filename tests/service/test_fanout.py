"""A job's live events reach every follower in an API process through one reader
(`backend/fanout.py`), on a real Redis: each event once, in order, encoded once; the end
is told when the stream is quiet and the job has ended; the reader stops with its last
follower. (The websocket route built on it is tested in test_jobs.py and
test_events_replay.py.)"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from backend import events, fanout
from tests.service.stack import redis_db


@pytest.fixture
def broker() -> Iterator[str]:
    with redis_db() as url:
        yield url


def encode(stream_id: str, event: dict[str, Any], lang: str) -> dict[str, Any]:
    return {"id": stream_id, "event": event, "lang": lang}


def test_many_followers_share_one_reader_and_get_each_event_once(broker: str) -> None:
    r = redis.Redis.from_url(broker, decode_responses=True)
    before = events.append(r, 7, {"type": "queued"})  # before anyone follows: not live
    ended = {"now": False}

    async def is_ended() -> bool:
        return ended["now"]

    async def follow_all() -> tuple[list[list[Any]], int, int]:
        got: list[list[Any]] = [[] for _ in range(20)]
        joined = asyncio.Event()
        count = {"joined": 0}

        async def follower(n: int) -> None:
            async with fanout.following(broker, 7, is_ended, encode) as queue:
                count["joined"] += 1
                if count["joined"] == len(got):
                    joined.set()
                while (item := await queue.get()) is not fanout.ENDED:
                    got[n].append(item)

        tasks = [asyncio.create_task(follower(n)) for n in range(len(got))]
        await asyncio.wait_for(joined.wait(), timeout=30)
        feeds_while_following = fanout.feeds()
        for step in range(1, 6):
            await asyncio.to_thread(events.append, r, 7, {"type": "progress", "step": step})

        async def all_five() -> None:
            while min(len(items) for items in got) < 5:
                await asyncio.sleep(0.05)

        await asyncio.wait_for(all_five(), timeout=30)  # a lost frame fails here, not at 600 s
        ended["now"] = True  # the next quiet second tells everyone
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=60)
        return got, feeds_while_following, fanout.feeds()

    got, feeds_while_following, feeds_after = asyncio.run(follow_all())
    assert feeds_while_following == 1 and feeds_after == 0
    first = got[0]
    assert [frame.event["step"] for frame in first] == [1, 2, 3, 4, 5]
    assert all(frame.after(before) for frame in first)
    for items in got[1:]:
        assert [id(frame) for frame in items] == [id(frame) for frame in first]  # shared
    text = first[0].text("ja")
    assert all(items[0].text("ja") is text for items in got)  # encoded once per language
    assert '"lang":"ja"' in text and '"step":1' in text


def test_following_without_redis_fails_as_reading_did(broker: str) -> None:
    async def never() -> bool:
        return False

    async def follow_gone() -> None:
        async with fanout.following("redis://127.0.0.1:1/0", 8, never, encode):
            pass  # nothing listens on port 1

    with pytest.raises(redis.ConnectionError):
        asyncio.run(follow_gone())


def test_a_follower_too_far_behind_is_dropped_and_told(
    broker: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A socket whose client stopped reading holds at most `BACKLOG` frames, then closes."""
    monkeypatch.setattr(fanout, "BACKLOG", 3)

    async def never() -> bool:
        return False

    async def lag() -> tuple[list[Any], list[Any], int]:
        r = redis.Redis.from_url(broker, decode_responses=True)
        async with (
            fanout.following(broker, 8, never, encode) as slow,
            fanout.following(broker, 8, never, encode) as reading,
        ):
            seen: list[Any] = []
            for step in range(1, 6):
                await asyncio.to_thread(events.append, r, 8, {"type": "progress", "step": step})
                seen.append(await asyncio.wait_for(reading.get(), timeout=60))
            left = [slow.get_nowait() for _ in range(slow.qsize())]
            return left, seen, fanout.feeds()

    left, seen, feeds = asyncio.run(lag())
    assert [frame.event["step"] for frame in seen] == [1, 2, 3, 4, 5]  # the reader goes on
    assert len(left) == 1 and isinstance(left[0], fanout.Lagged)  # its frames gone, then told
    assert feeds == 1
