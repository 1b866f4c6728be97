"""Project viewers (§3.6): members with the role ``Project viewer``, who see only their
``Member.viewer_project_ids``.

Where the docs are silent: owners and executive, project and team managers read them, owners
and executive managers write (403 otherwise); ``{viewerId}`` of anybody else is a 404;
archiving (``inactive``) and restoring are idempotent, and archived viewers keep their
projects but get no new ones (422); unassigning a project the viewer lacks is a 404.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from .._plumbing import Context, Ok, paginate
from .._resource import Endpoints
from .._state import ADMIN_ROLES, TASK_EDITOR_ROLES, Member, Workspace
from .._validation import ApiError, check_choice, need
from .._wire import JSONDict, pick, ts_micro
from .members import ARCHIVED, MEMBER_STATUSES, new_person, same_email

endpoints = Endpoints()


VIEWER_ROLE = "Project viewer"


def viewer_json(ws: Workspace, viewer: Member) -> JSONDict:
    projects = [ws.projects[pid] for pid in viewer.viewer_project_ids]
    return {
        **pick(viewer, "id", "email", "firstname", "lastname", "status"),
        "member_since": ts_micro(viewer.created_at),
        "projects": [
            {"project_id": p.id, "project_name": p.name} for p in projects if p.archived_at is None
        ],
    }


def add_project_viewer(
    ws: Workspace,
    email: str,
    firstname: str,
    lastname: str,
    *,
    project_ids: Iterable[int] = (),
    status: str = "active",
) -> int:
    """Add a project viewer (a member with role "Project viewer") who may see
    ``project_ids``; returns their user id."""
    check_choice("status", status, MEMBER_STATUSES)
    projects = list(project_ids)
    for project_id in projects:
        ws.require_project(project_id)
    viewer = ws.members.new(
        email, firstname, lastname, time.time(), role=VIEWER_ROLE, status=status
    )
    viewer.viewer_project_ids.extend(projects)
    return viewer.id


def read_project_viewers(ws: Workspace) -> dict[int, JSONDict]:
    """Every project viewer (archived ones too) by user id."""
    return {m.id: viewer_json(ws, m) for m in ws.members.where(role=VIEWER_ROLE)}


def path_viewer(ctx: Context) -> Member:
    viewer = ctx.lookup(ctx.ws.members, "viewerId", "Project viewer not found")
    if viewer.role != VIEWER_ROLE or viewer.status == "left":
        raise ApiError(404, "Project viewer not found")
    return viewer


@endpoints("GET /project-viewers", paged=True, roles=TASK_EDITOR_ROLES)
def list_viewers(ctx: Context) -> Ok:
    """Archived viewers too, in id order."""
    email = ctx.input.string("email")
    page = ctx.page()
    ctx.input.check()
    viewers = [
        m
        for m in ctx.ws.members.where(role=VIEWER_ROLE)
        if m.status != "left" and same_email(m, email)
    ]
    message = "Project viewers retrieved successfully"
    return paginate(viewers, page, lambda v: viewer_json(ctx.ws, v), message)


@endpoints("POST /project-viewers", roles=ADMIN_ROLES)
def create_viewer(ctx: Context) -> Ok:
    """201 with the new viewer, no projects yet; invited like a member."""
    email, firstname, lastname, role = new_person(ctx, lambda: VIEWER_ROLE)
    viewer = ctx.ws.members.new(email, firstname, lastname, ctx.now, role=role)
    ctx.ws.invite(viewer, ctx.now)
    ctx.record("create_project_viewer", viewer.id)
    return Ok(viewer_json(ctx.ws, viewer), "Project viewer created successfully", status=201)


@endpoints("GET /project-viewers/{viewerId}", roles=TASK_EDITOR_ROLES)
def get_viewer(ctx: Context) -> Ok:
    return Ok(viewer_json(ctx.ws, path_viewer(ctx)), "Project viewer retrieved successfully")


@endpoints("DELETE /project-viewers/{viewerId}", roles=ADMIN_ROLES)
def archive_viewer(ctx: Context) -> Ok:
    viewer = path_viewer(ctx)
    ctx.save(viewer, {"status": ARCHIVED}, "archive_project_viewer")
    return Ok(None, "Project viewer archived successfully")


@endpoints("POST /project-viewers/{viewerId}/restore", roles=ADMIN_ROLES)
def restore_viewer(ctx: Context) -> Ok:
    viewer = path_viewer(ctx)
    ctx.save(viewer, {"status": "active"}, "restore_project_viewer")
    return Ok(viewer_json(ctx.ws, viewer), "Project viewer restored successfully")


def _body_project(ctx: Context) -> int:
    project_id = ctx.input.integer("project_id", required=True)
    ctx.input.check()
    return need(project_id)


@endpoints("POST /project-viewers/{viewerId}/assign-project", roles=ADMIN_ROLES)
def assign_project(ctx: Context) -> Ok:
    viewer = path_viewer(ctx)
    project_id = _body_project(ctx)
    if ctx.ws.live_project(project_id) is None:
        ctx.input.fail("project_id", "The selected project id is invalid.")
        ctx.input.check()
    if viewer.status != "active":
        raise ApiError(422, "Archived project viewers cannot be given projects.")
    if project_id not in viewer.viewer_project_ids:
        viewer.viewer_project_ids.append(project_id)
        ctx.record("assign_project_to_viewer", (viewer.id, project_id))
    return Ok(None, "Project assigned to viewer successfully")


@endpoints("DELETE /project-viewers/{viewerId}/unassign-project", roles=ADMIN_ROLES)
def unassign_project(ctx: Context) -> Ok:
    viewer = path_viewer(ctx)
    project_id = _body_project(ctx)
    if project_id not in viewer.viewer_project_ids:
        raise ApiError(404, "Project is not assigned to this viewer")
    viewer.viewer_project_ids.remove(project_id)
    ctx.record("unassign_project_from_viewer", (viewer.id, project_id))
    return Ok(None, "Project unassigned from viewer successfully")
