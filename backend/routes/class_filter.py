"""The class table's filter and page: which students `GET /api/class/students` answers, and
which of their jobs.

Every parameter is optional, and a request without any answers what it always did: every
student with every job (the most recently active students first, then the others by name).
`student` keeps the students whose name contains it; `network` and `status` keep the jobs
that match both, and then only the students who have such a job (a teacher looking for the
failed runs wants no list of students without one).
`limit` and `offset` page through the students that match, whole students at a time, so a
student's jobs never split across pages; the `X-Total-Count` header counts those students.

Text matches ignore case (SQL `lower`, which SQLite applies to ASCII letters only) and take
`%` and `_` literally. A bad value is a coded 422 naming each bad parameter.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError
from sqlalchemy import ColumnElement, case, func, null, select

from netcanvas.events import JobStatus
from netcanvas.issues import param_issues

from ..db.models import Job, User
from ..localise import refused

STUDENTS_MAX = 200  # the most students one page answers
TEXT_MAX = 200  # the longest text a filter takes


class ClassQuery(BaseModel):
    """Which students and jobs the class table answers, one page of students at a time."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    student: str | SkipJsonSchema[None] = Field(
        None, max_length=TEXT_MAX, description="Only students whose name contains this (any case)."
    )
    network: str | SkipJsonSchema[None] = Field(
        None,
        max_length=TEXT_MAX,
        description="Only jobs whose network, named as it was launched, contains this (any "
        "case); students without such a job are left out.",
    )
    status: list[JobStatus] | SkipJsonSchema[None] = Field(
        None,
        description="Only jobs in one of these states (repeat the parameter for several); "
        "students without such a job are left out.",
    )
    offset: int = Field(0, ge=0, description="Students of the match to skip.")
    limit: int | SkipJsonSchema[None] = Field(
        None,
        ge=1,
        le=STUDENTS_MAX,
        description="Students to answer at most (each with all their matching jobs); every "
        "one without it.",
    )

    @field_validator("status", mode="wrap")
    @classmethod
    def _known_states(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """One error for the parameter, listing the states, not one per repeated value."""
        try:
            return handler(value)
        except ValidationError as error:
            wrong = [e for e in error.errors() if e["type"] == "literal_error"]
            if not wrong:
                raise
            expected = wrong[0].get("ctx", {}).get("expected", "")
            raise PydanticCustomError(
                "literal_error", "Input should be {expected}", {"expected": expected}
            ) from None

    @property
    def filters_jobs(self) -> bool:
        return bool(self.network or self.status)


def parse_class_query(data: Any) -> ClassQuery:
    """The query, or a coded 422 naming each bad parameter (`errors[].field`)."""
    if isinstance(data, ClassQuery):
        return data
    try:
        return ClassQuery.model_validate(data)
    except ValidationError as error:
        issues = param_issues(None, error, ClassQuery.model_fields)
        raise refused(422, "class.students_query", errors=issues) from None


CheckedClassQuery = Annotated[ClassQuery, BeforeValidator(parse_class_query), Query()]


def json_text(column: Any, key: str, sqlite: bool) -> ColumnElement[str]:
    """`column[key]` as text, in SQL; none where SQLite finds the document malformed (Python's
    json writes NaN, which SQLite stores but its JSON functions refuse, failing the query)."""
    value: ColumnElement[str] = column[key].as_string()
    if sqlite:
        return case((func.json_valid(column) == 1, value), else_=null())
    return value


def _contains(column: Any, text: str) -> ColumnElement[bool]:
    return func.lower(column).contains(text.lower(), autoescape=True)


def job_conditions(query: ClassQuery, sqlite: bool) -> list[ColumnElement[bool]]:
    """What a job must meet to be listed."""
    conditions: list[ColumnElement[bool]] = []
    if query.network:
        conditions.append(_contains(json_text(Job.graph, "name", sqlite), query.network))
    if query.status:
        conditions.append(Job.status.in_(query.status))
    return conditions


def student_conditions(query: ClassQuery, sqlite: bool) -> list[ColumnElement[bool]]:
    """What a user must meet to be listed: a student, named so, with a matching job if asked."""
    conditions: list[ColumnElement[bool]] = [User.role == "student"]
    if query.student:
        conditions.append(_contains(User.name, query.student))
    if query.filters_jobs:
        matching = select(Job.id).where(Job.owner_id == User.id, *job_conditions(query, sqlite))
        conditions.append(matching.exists())
    return conditions
