"""Try-it's check that a predict worker is alive (`backend.trained`): a positive answer is
taken on trust for `TRUST_S` by the API process's requests, a negative one or an older one
never is.

On the real Redis, with no worker: a request that asks afresh finds none."""

from __future__ import annotations

import time

from backend import trained
from tests.service.stack import redis_db


def test_a_live_answer_is_trusted_for_its_second_a_dead_or_older_one_is_not() -> None:
    with redis_db() as url:
        trust = trained.trust(url)
        assert not trained.predict_worker_trusted(url)  # asked afresh: no worker announced
        now = time.monotonic()
        trust.record(True, now)
        assert trained.predict_worker_trusted(url)  # not asked: nobody would have answered
        trust.record(False, now - 0.5)  # a slow answer, asked before the one held
        assert trust.holds()
        trust.record(False, now + 0.1)
        assert not trust.holds() and not trained.predict_worker_trusted(url)
        trust.record(True, time.monotonic() - trained.TRUST_S)  # lapsed
        assert not trust.holds()
