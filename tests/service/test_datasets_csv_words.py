"""CSV files Python's csv module stops on, uploaded through `POST /api/datasets` and its real
reader: the 422 says in the request's language what is wrong and on which line, never the
module's English ("field larger than field limit (131072)")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.datasets.helpers import image_csv_zip, png, write_zip
from tests.service.conftest import SQLITE_ONLY, Service


def refusal(service: Service, path: Path, lang: str) -> dict[str, Any]:
    with path.open("rb") as file:
        answer = service.client.post(
            "/api/datasets",
            files={"file": (path.name, file, "text/csv")},
            headers={**service.alice, "Accept-Language": lang},
        )
    assert answer.status_code == 422, answer.text
    detail: dict[str, Any] = answer.json()["detail"]
    detail["params"] = detail["problem_params"][0]  # the first problem's, as `code` is
    return detail


def both(service: Service, path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    en, ja = refusal(service, path, "en"), refusal(service, path, "ja")
    assert en["code"] == ja["code"] and en["params"] == ja["params"]
    return en, ja


def table(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


@SQLITE_ONLY
def test_a_quote_never_closed_is_named_on_the_line_it_opens(
    service: Service, tmp_path: Path
) -> None:
    rows = "".join(f"{i},{i % 2}\n" for i in range(5))
    en, ja = both(service, table(tmp_path / "q.csv", 'x,y\n0,1\n"7,1\n' + rows))
    assert en["code"] == "dataset.not_csv_at"
    assert en["params"] == {"label": "q.csv", "line": 3, "error": {"code": "csv.unclosed_quote",
                                                                   "params": {}}}  # fmt: skip
    assert en["message"] == (
        'q.csv line 3: not a readable CSV file (a cell opens a quote (") on this line and '
        "never closes it, so the rest of the file would be that one cell)"
    )
    assert ja["message"] == (
        'q.csv の 3 行目: 読み込める CSV ファイルではありません（この行でセルの引用符（"）'
        "が開いたまま閉じられていません。このままではファイルの残りがすべてその 1 つのセルに"
        "なります）"
    )


@SQLITE_ONLY
def test_a_quote_that_runs_past_the_cell_limit_names_its_first_line(
    service: Service, tmp_path: Path
) -> None:
    rows = "".join(f"{i}.5,{i % 2}\n" for i in range(20_000))  # 160 kB after the quote
    en, ja = both(service, table(tmp_path / "long.csv", 'x,y\n0,1\n1,"0\n' + rows))
    assert en["params"]["line"] == 3
    error = en["params"]["error"]
    assert error["code"] == "csv.quoted_too_large" and error["params"]["limit"] == 131072
    assert en["message"].startswith("long.csv line 3: not a readable CSV file (a quoted cell ")
    assert 'past 131072 characters: is its closing quote (") missing?' in en["message"]
    assert '閉じる引用符（"）が抜けていませんか？' in ja["message"]
    assert "field limit" not in en["message"] + ja["message"]


@SQLITE_ONLY
def test_one_cell_past_the_limit_is_named_in_both_languages(
    service: Service, tmp_path: Path
) -> None:
    en, ja = both(service, table(tmp_path / "big.csv", f"x,y\n1,0\n{'1' * 200_000},1\n"))
    assert en["params"]["line"] == 3
    assert en["params"]["error"] == {"code": "csv.field_too_large", "params": {"limit": 131072}}
    assert en["message"] == (
        "big.csv line 3: not a readable CSV file (a cell on this line holds more than 131072 "
        "characters, the most one cell may hold)"
    )
    assert ja["message"] == (
        "big.csv の 3 行目: 読み込める CSV ファイルではありません（この行のセルが、1 つのセルに"
        "入れられる 131072 文字を超えています）"
    )


@SQLITE_ONLY
def test_a_utf16_file_is_named_by_its_nul_characters(service: Service, tmp_path: Path) -> None:
    text = "x,y\n1,0\n2,1\n".encode("utf-16-le")  # no BOM: valid UTF-8, a NUL every other byte
    en, ja = both(service, table(tmp_path / "wide.csv", text))
    assert en["params"] == {"label": "wide.csv", "line": 1,
                            "error": {"code": "csv.nul", "params": {"column": 2}}}  # fmt: skip
    assert "may be UTF-16 text" in en["message"] and "save it as CSV UTF-8" in en["message"]
    assert "1 行目" in ja["message"] and "CSV UTF-8 で保存してください" in ja["message"]


@SQLITE_ONLY
def test_lines_ended_by_cr_alone_are_named(service: Service, tmp_path: Path) -> None:
    en, ja = both(service, table(tmp_path / "mac.csv", "x,y\r1,0\r2,1\r"))
    assert en["params"]["error"] == {"code": "csv.carriage_return", "params": {}}
    assert "as old Mac files do" in en["message"] and "newline" not in en["message"]
    assert "行末を Windows（CR LF）か Unix（LF）にして保存してください" in ja["message"]


@SQLITE_ONLY
def test_a_header_split_by_semicolons_names_the_delimiter(service: Service, tmp_path: Path) -> None:
    en, ja = both(service, table(tmp_path / "semi.csv", "x__0;x__1;y\n1;2;0\n3;4;1\n"))
    assert en["code"] == "dataset.csv_delimiter"
    assert en["params"] == {"label": "semi.csv",
                            "delimiter": {"code": "csv.semicolons", "params": {}}}  # fmt: skip
    assert en["message"].startswith("semi.csv: the header is one column with semicolons (;)")
    assert ja["message"].startswith("semi.csv: ヘッダーが セミコロン（;） を含む 1 つの列")
    tabs = refusal(service, table(tmp_path / "tabs.csv", "x:image\ty:label\na.png\t0\n"), "en")
    assert tabs["params"]["delimiter"]["code"] == "csv.tabs"


@SQLITE_ONLY
def test_a_sequence_file_that_is_no_csv_names_its_line_in_both_languages(
    service: Service, tmp_path: Path
) -> None:
    rows = [("s/a.csv", "0"), ("s/b.csv", "1"), ("img/0.png", "0")]
    files = {"s/a.csv": b'1,2\n"3,4\n5,6\n', "s/b.csv": b"1;2\n3;4\n", "img/0.png": png(0)}
    path = image_csv_zip(tmp_path / "seq.zip", rows, files)
    en, ja = refusal(service, path, "en"), refusal(service, path, "ja")
    assert en["codes"] == ja["codes"] == ["dataset.not_matrix", "dataset.matrix_delimiter"]
    assert en["problems"][:2] == [
        "seq.zip: data/train.csv row 1, s/a.csv, line 2: not a CSV matrix of numbers (a cell "
        'opens a quote (") on this line and never closes it, so the rest of the file would be '
        "that one cell)",
        "seq.zip: data/train.csv row 2, s/b.csv: the numbers of row 1 are split by semicolons "
        "(;); NetCanvas reads numbers split by commas (,)",
    ]
    assert ja["problems"][1] == (
        "seq.zip: data/train.csv の 2 行目、s/b.csv: 1 行目の数値が セミコロン（;） で区切られて"
        "います。NetCanvas が読むのはカンマ（,）で区切られた数値です"
    )
    assert ja["problems"][0].startswith(
        "seq.zip: data/train.csv の 1 行目、s/a.csv の 2 行目: 数値の CSV 行列ではありません"
    )


@SQLITE_ONLY
def test_a_csv_inside_a_zip_is_named_by_the_zip_and_its_name(
    service: Service, tmp_path: Path
) -> None:
    path = write_zip(tmp_path / "z.zip", {"train.csv": 'x,y\n1,0\n2,"1\n'})
    en = refusal(service, path, "en")
    assert en["params"]["label"] == "z.zip: train.csv" and en["params"]["line"] == 3
    assert str(tmp_path) not in en["message"]


@SQLITE_ONLY
def test_excels_unicode_text_is_named_as_utf16(service: Service, tmp_path: Path) -> None:
    text = "x__0\tx__1\ty\n1\t2\t0\n3\t4\t1\n".encode("utf-16")  # its BOM first, tabs
    en, ja = both(service, table(tmp_path / "unicode.txt", text))
    assert en["code"] == "dataset.csv_utf16" and en["params"] == {"label": "unicode.txt"}
    assert en["message"] == (
        'unicode.txt is UTF-16 text (as Excel saves "Unicode Text"); save it as CSV UTF-8 '
        "(comma delimited)"
    )
    assert ja["message"] == (
        "unicode.txt は UTF-16 のテキストです（Excel の「Unicode テキスト」の形式）。"
        "CSV UTF-8（コンマ区切り）で保存してください"
    )
    zipped = write_zip(tmp_path / "u.zip", {"train.csv": "x,y\n1,0\n".encode("utf-16")})
    assert refusal(service, zipped, "en")["params"] == {"label": "u.zip: train.csv"}
