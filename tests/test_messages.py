"""Message codes: both languages for every code, placeholders that match the params given."""

from __future__ import annotations

import json
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from backend.app import create_app
from netcanvas.graph import load_graph
from netcanvas.issues import Issue
from netcanvas.messages import MESSAGES, REASONS, prefer, reason_in, render
from netcanvas.validation import validate

ROOT = Path(__file__).resolve().parent.parent


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def has_kana(text: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in text)


def broken_graph() -> dict[str, Any]:
    """One graph that raises many kinds of issue at once."""
    nodes = [
        {"id": "in", "type": "Input", "params": {"shape": [3, 8]}},
        {"id": "fc", "type": "Linear", "params": {"out_features": 0}},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 4, "bogus": 1}},
        {"id": "x", "type": "Lineer", "params": {}},
        {"id": "cat", "type": "Concat", "params": {"dim": 5}},
        {"id": "rs", "type": "Reshape", "params": {"shape": [7]}},
        {"id": "a", "type": "ReLU", "params": {}},
        {"id": "b", "type": "ReLU", "params": {}},
        {"id": "sm", "type": "Softmax", "params": {}},
        {"id": "ce", "type": "CrossEntropyLoss", "params": {}},
        {"id": "mse", "type": "MSELoss", "params": {}},
    ]
    edges = [
        {"source": "in", "target": "fc"},
        {"source": "in", "target": "cat"},
        {"source": "in", "target": "cat"},
        {"source": "in", "target": "rs"},
        {"source": "a", "target": "b"},
        {"source": "b", "target": "a"},
        {"source": "in", "target": "nowhere"},
        {"source": "in", "target": "in"},
        {"source": "in", "target": "sm"},
        {"source": "sm", "target": "ce"},
        {"source": "ce", "target": "mse"},
    ]
    return {"format": "netcanvas/graph@1", "nodes": nodes, "edges": edges}


def all_issues() -> list[Issue]:
    result = validate(load_graph(broken_graph()))
    return result.errors + result.warnings


def test_every_code_has_english_and_japanese_with_the_same_placeholders() -> None:
    for code, (en, ja) in MESSAGES.items():
        assert en and ja, code
        assert placeholders(en) == placeholders(ja), code


def test_every_code_renders_with_sample_params_in_both_languages() -> None:
    for code, (en, _) in MESSAGES.items():
        params = {name: f"<{name}>" for name in placeholders(en)}
        for lang in ("en", "ja"):
            text = render(code, params, lang)
            assert all(f"<{name}>" in text for name in params), (code, lang, text)


def test_each_raised_issue_gives_its_template_every_placeholder() -> None:
    issues = all_issues()
    codes = {issue.code for issue in issues}
    assert {"param.at_least", "param.unknown", "node.unknown_type", "graph.cycle"} <= codes
    assert {"edge.no_target", "edge.self", "edge.from_loss", "shape.axis_range"} <= codes
    for issue in issues:
        assert issue.code in MESSAGES, issue
        assert placeholders(MESSAGES[issue.code][0]) <= set(issue.params), issue
        assert issue.message == render(issue.code, issue.params, "en")


def test_japanese_issues_keep_the_codes_and_read_in_japanese() -> None:
    result = validate(load_graph(broken_graph()))
    ja = result.localised("ja")
    assert [i.code for i in ja.errors] == [i.code for i in result.errors]
    assert all(has_kana(i.message) for i in ja.errors + ja.warnings)
    assert not has_kana(" ".join(i.message for i in result.errors))


def test_plain_text_shape_errors_still_work() -> None:
    from netcanvas.layers.base import ShapeError

    error = ShapeError("something odd", "dim")
    assert (error.code, error.message, error.field) == ("shape.other", "something odd", "dim")
    assert render(error.code, error.params, "ja") == "something odd"


def test_accept_language_prefers_japanese_only_when_ranked_above_english() -> None:
    assert prefer("ja") == "ja"
    assert prefer("ja-JP,ja;q=0.9,en;q=0.8") == "ja"
    assert prefer("en-US,en;q=0.9,ja;q=0.8") == "en"
    assert prefer(None) == "en" and prefer("fr") == "en" and prefer("ja;q=x") == "en"


def test_validate_route_answers_japanese_with_the_same_codes() -> None:
    client = TestClient(create_app())
    en = client.post("/api/graphs/validate", json=broken_graph()).json()
    ja = client.post(
        "/api/graphs/validate", json=broken_graph(), headers={"Accept-Language": "ja"}
    ).json()
    assert [e["code"] for e in ja["errors"]] == [e["code"] for e in en["errors"]]
    assert [e["node"] for e in ja["errors"]] == [e["node"] for e in en["errors"]]
    assert all(has_kana(e["message"]) for e in ja["errors"])
    assert not any(has_kana(e["message"]) for e in en["errors"])
    fc = next(e for e in ja["errors"] if e["node"] == "fc")
    assert fc["message"] == "out_features は 1 以上にしてください"
    assert fc["params"]["ge"] == 1


def validate_in_japanese(tmp_path: Path, document: Any) -> subprocess.CompletedProcess[str]:
    """`netcanvas validate --lang ja` on `document` written to a file."""
    path = tmp_path / "g.json"
    path.write_text(json.dumps(document), "utf-8")
    return subprocess.run(
        [sys.executable, "-m", "netcanvas_cli", "validate", "--lang", "ja", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_cli_validate_lang_ja_prints_japanese(tmp_path: Path) -> None:
    run = validate_in_japanese(tmp_path, broken_graph())
    assert run.returncode == 1
    assert "エラー: fc.out_features: out_features は 1 以上にしてください" in run.stdout
    assert "不明なレイヤー種別 'Lineer'（Linear のことですか？）" in run.stdout


def test_cli_validate_lang_ja_names_what_is_not_a_graph(tmp_path: Path) -> None:
    run = validate_in_japanese(tmp_path, {"format": "netcanvas/graph@9", "nodes": []})
    assert run.returncode == 1
    assert "エラー: format: 不明な形式 'netcanvas/graph@9'" in run.stdout
    assert run.stdout.rstrip().endswith("無効（エラー 1 件）")


def test_japanese_says_optimizer_one_way_as_the_editor_does() -> None:
    # the phase editor and the training form say 最適化手法 (frontend/src/i18n/ja.ts)
    ja = Path(__file__).resolve().parents[1] / "frontend" / "src" / "i18n" / "ja.ts"
    texts = [text for _, text in MESSAGES.values()] + [ja.read_text(encoding="utf-8")]
    assert not [text for text in texts if "オプティマイザ" in text]
    assert "最適化手法" in MESSAGES["phase.no_updates"][1]


def test_a_jobs_reason_is_worded_again_in_japanese() -> None:
    """A reason is kept as English text; the routes word the service's own ones again."""
    own = {"code": "limit.yours", "params": {"name": "max_running_jobs"}}
    waits = render("job.waits_for_running", {"count": 1, "limit": 1, "source": own})
    assert reason_in(waits, "ja") == render("job.waits_for_running", {"count": 1, "limit": 1,
                                            "source": own}, "ja")  # fmt: skip
    assert "管理者があなたに設定した max_running_jobs" in reason_in(waits, "ja")
    assert reason_in(render("job.waits_for_slot", {"slots": 2}), "ja").startswith("学習スロット")
    for code in REASONS:  # each one the service writes reads back
        params = {
            name: "7" for _, name, _, _ in string.Formatter().parse(MESSAGES[code][0]) if name
        }
        assert reason_in(render(code, params), "ja") == render(code, params, "ja"), code
    assert reason_in("CUDA out of memory", "ja") == "CUDA out of memory"  # any other: as it is
    assert reason_in(waits, "en") == waits


def test_a_graph_without_an_input_is_refused_as_invalid_and_the_guard_s_text_says_why() -> None:
    """Validation refuses a graph with no Input (`graph.no_input` in `job.graph_invalid`)
    before `job.one_input`, a guard, could answer; its text said "exactly one Input", which
    jobs, runs on a dataset and layer previews no longer ask (they take several)."""
    from fastapi import HTTPException

    from backend.jobs import checked_graph

    graph = {"format": "netcanvas/graph@1", "nodes": [
        {"id": "d", "type": "Dense", "params": {"units": 2}},
    ], "edges": []}  # fmt: skip
    try:
        checked_graph(graph)
    except HTTPException as error:
        detail = error.detail
    assert isinstance(detail, dict) and detail["code"] == "job.graph_invalid"
    assert "graph.no_input" in [e["code"] for e in detail["errors"]]
    english, japanese = MESSAGES["job.one_input"]
    assert "no Input" in english and "exactly" not in english
    assert "ありません" in japanese and "ちょうど" not in japanese
