"""Projects: a user's folders of networks. Every route reaches a project through `OwnedProject`."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from ..db.models import Project
from ..deps import CurrentUser, OwnedProject, SessionDep
from ..schemas import Name, Text, UtcDatetime

router = APIRouter(prefix="/api", tags=["projects"])


class ProjectCreate(BaseModel):
    name: Name = Field(min_length=1, max_length=200)
    description: Text = Field("", max_length=10_000)


class ProjectUpdate(BaseModel):
    """Only the fields given change."""

    name: Name | None = Field(None, min_length=1, max_length=200)
    description: Text | None = Field(None, max_length=10_000)


class ProjectPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    created_at: UtcDatetime
    updated_at: UtcDatetime


@router.post(
    "/projects", status_code=201, response_model=ProjectPublic, operation_id="createProject"
)
def create_project(body: ProjectCreate, session: SessionDep, user: CurrentUser) -> Project:
    """A new, empty project."""
    project = Project(owner_id=user.id, name=body.name, description=body.description)
    session.add(project)
    session.commit()
    return project


@router.get("/projects", response_model=list[ProjectPublic], operation_id="listProjects")
def list_projects(session: SessionDep, user: CurrentUser) -> list[Project]:
    """The user's projects, most recently changed first."""
    query = select(Project).where(Project.owner_id == user.id)
    return list(session.scalars(query.order_by(Project.updated_at.desc(), Project.id.desc())))


@router.get("/projects/{project_id}", response_model=ProjectPublic, operation_id="readProject")
def read_project(project: OwnedProject) -> Project:
    """One project."""
    return project


@router.patch("/projects/{project_id}", response_model=ProjectPublic, operation_id="updateProject")
def update_project(project: OwnedProject, body: ProjectUpdate, session: SessionDep) -> Project:
    """Rename a project or change its description."""
    for field, value in body.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(project, field, value)
    session.commit()
    return project


@router.delete("/projects/{project_id}", status_code=204, operation_id="deleteProject")
def delete_project(project: OwnedProject, session: SessionDep) -> Response:
    """Delete a project and its networks; jobs launched from them stay."""
    session.delete(project)
    session.commit()
    return Response(status_code=204)
