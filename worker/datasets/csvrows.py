"""CSV text row by row, and why a text is not CSV in our own words.

Python's csv module says what stopped it in English ("field larger than field limit
(131072)", "new-line character seen in unquoted field - do you need to open the file in
universal-newline mode?"), at the line where it stopped, which for a quote that is never
closed is far below the quote. `rows` reads with it and raises `NotCsv`: the line to name
(where the quoted cell began, for a quote) and the reason as a message value
(`netcanvas.messages.message`, a `csv.*` code) that the caller fills into its own message
(`dataset.not_csv_at`, `dataset.not_matrix`), so the reader's language words it.

A NUL character is refused before reading: no cell NetCanvas reads (a number, a path, a
class) has one, and a file full of them is UTF-16 text (Excel's "Unicode text"), whose
every other byte is 0 and which is valid UTF-8 otherwise. Python 3.11's reader keeps it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from netcanvas.messages import message

# Python's `csv.Error` text, start of it -> our code (`csv.*` in netcanvas.messages)
KINDS = {
    "new-line character seen in unquoted field": "csv.carriage_return",
    "line contains NUL": "csv.nul",  # before Python 3.11; `rows` finds them first
    "unexpected end of data": "csv.unclosed_quote",  # a strict reader's
    "',' expected after '\"'": "csv.after_quote",  # a strict reader's
}
# Other delimiters a spreadsheet may have saved with, and how messages name them
DELIMITERS = {";": "csv.semicolons", "\t": "csv.tabs", "|": "csv.bars"}


class NotCsv(ValueError):
    """A text the csv reader stopped on: `line` (from 1) and `reason`, a message value."""

    def __init__(self, line: int, reason: dict[str, Any]) -> None:
        super().__init__(f"line {line}: {reason['code']}")
        self.line, self.reason = line, reason


def _lines(text: str) -> Iterator[str]:
    """The lines of `text`, each with its "\\n", one at a time: `io.StringIO(text)` would
    first copy the whole text at four bytes a character."""
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


class _Lines:
    """`_lines` that knows where the next line begins (`end`), for `_why_not`."""

    def __init__(self, text: str) -> None:
        self.text, self.end = text, 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        start = self.end
        if start >= len(self.text):
            raise StopIteration
        self.end = self.text.find("\n", start) + 1 or len(self.text)
        return self.text[start : self.end]


def rows(text: str) -> Iterator[list[str]]:
    """The rows of a CSV text; `NotCsv` at the first one the reader cannot read, or at the
    last when its quoted cell never closes (which Python's reader takes without a word).
    Read at the reader's own pace: only a text that fails, or may, is read again to say why."""
    _refuse_nul(text)
    last: list[str] = []
    try:
        for last in csv.reader(_lines(text)):
            yield last
    except csv.Error as error:
        raise _why_not(text) or NotCsv(1, message("csv.other", text=str(error))) from None
    tail = text[text.rfind("\n", 0, len(text) - 1) + 1 :]  # the last line
    if last and (last[-1].endswith(("\n", "\r")) or ('"' in tail and not tail.endswith("\n"))):
        problem = _why_not(text)  # a quoted cell ran to the end, or the last line has a quote
        if problem is not None:
            raise problem


def _why_not(text: str) -> NotCsv | None:
    """Why the csv reader stops on `text`, read again noting where each row begins: the line
    to name (where the row began, for a quote) and the reason in our words; None when
    nothing is wrong with it."""
    lines = _Lines(text)
    reader = csv.reader(lines)
    start, offset = 1, 0  # the line and character where the row being read begins
    last = (1, 0)  # those of the row read last
    try:
        for _ in reader:
            last = (start, offset)
            start, offset = reader.line_num + 1, lines.end
    except csv.Error as error:
        return NotCsv(*_why(str(error), start, reader.line_num))
    tail = text[last[1] :]
    if '"' in tail and _unclosed(tail):
        return NotCsv(last[0], message("csv.unclosed_quote"))
    return None


def _refuse_nul(text: str) -> None:
    at = text.find("\x00")
    if at >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        line = text.count("\n", 0, at) + 1
        raise NotCsv(line, message("csv.nul", column=at - line_start + 1))


def _why(text: str, start: int, line: int) -> tuple[int, dict[str, Any]]:
    """The line to name and the reason for the reader's error `text` on a row that began on
    line `start` and stopped on `line`."""
    if text.startswith("field larger than field limit"):
        limit = csv.field_size_limit()
        if line > start:  # a quoted cell that runs on over lines: its quote is not closed
            return start, message("csv.quoted_too_large", limit=limit, lines=line - start + 1)
        return line, message("csv.field_too_large", limit=limit)
    code = next((code for prefix, code in KINDS.items() if text.startswith(prefix)), "")
    if code == "csv.unclosed_quote":
        return start, message(code)
    return line, message(code) if code else message("csv.other", text=text)


def _unclosed(row_text: str) -> bool:
    """Whether the last row of a file (its text) opens a quoted cell and never closes it."""
    try:
        for _ in csv.reader(_lines(row_text), strict=True):
            pass
    except csv.Error as error:
        return str(error).startswith("unexpected end of data")
    return False


def other_delimiter(cells: list[str]) -> dict[str, Any] | None:
    """How messages name the delimiter a row of one cell seems to be split by (`a;b;c`),
    or None when it has several cells or none of `DELIMITERS`."""
    if len(cells) != 1:
        return None
    found = [(cells[0].count(d), code) for d, code in DELIMITERS.items() if d in cells[0]]
    return message(max(found)[1]) if found else None
