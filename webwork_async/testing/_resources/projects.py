"""Projects (§3.3)."""

from __future__ import annotations

import time
from collections.abc import Callable

from .._plumbing import Context, Ok, ordered_after_put, paginate
from .._resource import Endpoints
from .._state import ADMIN_ROLES, Project, Workspace
from .._validation import Input, check_dates, fields_of
from .._wire import JSONDict, opt, pick, plain_number, ts_z

endpoints = Endpoints()


def project_json(ws: Workspace, project: Project) -> JSONDict:
    return {
        **pick(project, "id", "name", "owner_id", "start_date", "deadline"),
        "estimation": plain_number(project.estimation),
        "budget_estimation": plain_number(project.budget),
        **pick(project, "notes", "icon", "is_billable"),
        "rate": 0,
        "weekly_hours_limit": 168,
        "screenshots": "blur",
        "tags": [],
        "contracts_count": len(ws.contracts.where(project_id=project.id, status="active")),
        "status": 1,
        "created_at": ts_z(project.created_at),
        "updated_at": ts_z(project.updated_at),
        "deleted_at": opt(ts_z, project.archived_at),
    }


def read(ws: Workspace) -> dict[int, JSONDict]:
    """The projects that are not archived, by id."""
    return {p.id: project_json(ws, p) for p in ws.live_projects()}


def add_project(
    ws: Workspace,
    name: str,
    *,
    start_date: str | None = None,
    deadline: str | None = None,
    estimation: float | None = None,
    budget: float | None = None,
    notes: str | None = None,
    icon: str | None = None,
    is_billable: bool = True,
) -> int:
    """Add a project and return its id. Dates are ``YYYY-MM-DD``."""
    fields = fields_of(locals(), "ws")
    check_dates(start_date, deadline)
    owner_id = ws.owner_id
    return ws.projects.new(owner_id=owner_id, created_at=time.time(), **fields).id


@endpoints("GET /projects", paged=True)
def list_projects(ctx: Context) -> Ok:
    name = ctx.input.string("name")
    page = ctx.page()
    ctx.input.check()
    visible = ctx.ws.visible_project_ids(ctx.user)
    projects = [
        p
        for p in ctx.ws.live_projects()
        if (visible is None or p.id in visible) and (name or "").lower() in p.name.lower()
    ]
    message = "Projects retrieved successfully"
    return paginate(projects, page, lambda p: project_json(ctx.ws, p), message)


def project_fields(inp: Input) -> dict[str, Callable[[str], object]]:
    """What POST /projects reads and PUT /projects may change: the record's fields."""
    return {
        "name": lambda f: inp.string(f, required=True),
        "start_date": inp.date,
        "deadline": inp.date,
        "estimation": inp.number,
        "budget": inp.number,
        "notes": lambda f: inp.string(f, max_length=65535),
        "icon": inp.string,
    }


@endpoints("POST /projects", roles=ADMIN_ROLES)
def create_project(ctx: Context) -> Ok:
    inp = ctx.input
    readers = project_fields(inp)
    # the date order is checked right after the dates: its error comes before later ones
    fields = inp.read({name: readers.pop(name) for name in ("name", "start_date", "deadline")})
    inp.date_order("start_date", fields["start_date"], "deadline", fields["deadline"])
    fields.update(inp.read(readers))
    inp.check()  # the name is there now
    project = ctx.ws.projects.new(owner_id=ctx.ws.owner_id, created_at=ctx.now, **fields)
    ctx.record("create_project", project.id)
    return Ok(project_json(ctx.ws, project), "Project created successfully", status=201)


def path_project(ctx: Context) -> Project:
    return ctx.visible_project(ctx.path_id("projectId", "Project not found"))


@endpoints("GET /projects/{projectId}")
def get_project(ctx: Context) -> Ok:
    return Ok(project_json(ctx.ws, path_project(ctx)), "Project retrieved successfully")


@endpoints("PUT /projects/{projectId}", roles=ADMIN_ROLES)
def update_project(ctx: Context) -> Ok:
    project = path_project(ctx)
    inp = ctx.input
    changes = inp.changes(project_fields(inp))
    ordered_after_put(inp, project, changes, "start_date", "deadline")
    inp.check()
    ctx.save(project, changes, "update_project")
    return Ok(project_json(ctx.ws, project), "Project updated successfully")


@endpoints("DELETE /projects/{projectId}", roles=ADMIN_ROLES)
def delete_project(ctx: Context) -> Ok:
    project = path_project(ctx)
    project.archived_at = ctx.now
    ctx.record("archive_project", project.id)
    return Ok(None, "Project deleted successfully")
