"""Every sample has a Japanese title (`netcanvas/samples/titles.py`), and its English title is
its graph's name; the samples menu shows the one of the UI's language
(`tests/e2e/test_samples.py` sees it in the browser)."""

from __future__ import annotations

import re

from netcanvas import samples

# Hiragana, katakana or kanji: a title written in Japanese, not the English one copied.
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_every_sample_has_a_japanese_title() -> None:
    assert set(samples.TITLES_JA) == set(samples.names())
    for name in samples.names():
        title = samples.title(name, samples.load(name)["name"])
        assert JAPANESE.search(title.ja), f"{name}: {title.ja!r} is not Japanese"
        assert title.en == samples.load(name)["name"]


def test_the_titles_are_short_and_distinct() -> None:
    titles = list(samples.TITLES_JA.values())
    assert len(set(titles)) == len(titles)
    assert all(0 < len(t) <= 30 and t == t.strip() for t in titles)


def test_a_comparison_keeps_its_topic_in_front() -> None:
    # "Pooling: max" sits in the menu's "Pooling" group: its Japanese title starts with the topic
    # as the group's Japanese label says it ("プーリング"), as every sample of that group does
    topics: dict[str, set[str]] = {}
    for name in samples.names():
        english = samples.load(name)["name"]
        if ": " in english:
            topics.setdefault(english.split(":")[0], set()).add(
                samples.TITLES_JA[name].split("：")[0]
            )
    assert all(len(ja) == 1 for ja in topics.values()), topics
    assert topics["Pooling"] == {"プーリング"}
