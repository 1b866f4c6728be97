"""Tasks, their assignees and statuses (§3.5)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from .._plumbing import Context, Ok, ordered_after_put, paginate
from .._resource import Endpoints, fake_method
from .._state import (
    BASE_STATUSES,
    TASK_EDITOR_ROLES,
    Assignment,
    Member,
    Task,
    Workspace,
    is_completed,
)
from .._table import matching
from .._validation import ApiError, Input, check_dates, fields_of, need
from .._wire import JSONDict, opt, pick, ts_offset

endpoints = Endpoints()

PRIORITIES = {10: "Urgent", 20: "High", 30: "Normal", 40: "Low"}


def status_info(ws: Workspace, code: int) -> tuple[str, str] | None:
    """Name and colour of a base or custom status code, ``None`` when unknown."""
    return BASE_STATUSES.get(code) or ws.custom_statuses.get(code)


def base_status(inp: Input, *, required: bool = False) -> int | None:
    """Writes accept the four base codes only; custom codes exist for reads."""
    status = inp.integer("status", required=required)
    if status is not None and status not in BASE_STATUSES:
        inp.fail(
            "status",
            "The selected status is invalid. Only base status codes (0, 10, 20, 30) are accepted.",
        )
        return None
    return status


def assignee_json(member: Member) -> JSONDict:
    return pick(member, "id", "firstname", "lastname", "email")


def assignment_json(ws: Workspace, assignment: Assignment) -> JSONDict:
    member = ws.members[assignment.user_id]
    return {
        **pick(assignment, "id", "user_id", "task_id"),
        **pick(member, "firstname", "lastname", "email"),
        "assigner_id": assignment.assigner_id,
    }


def task_json(ws: Workspace, task: Task) -> JSONDict:
    status_name, status_color = status_info(ws, task.status) or (None, None)
    return {
        **pick(
            task, "id", "title", "description", "project_id", "owner_id", "creator_id", "status"
        ),
        "status_name": status_name,
        "status_color": status_color,
        "priority": task.priority,
        "priority_name": None if task.priority is None else PRIORITIES[task.priority],
        **pick(task, "start_date", "end_date"),
        "completed_at": opt(ts_offset, task.completed_at),
        "assignees": [assignee_json(ws.members[uid]) for uid in task.assignments],
        "parent_id": task.parent_id,
        "created_at": ts_offset(task.created_at),
        "updated_at": ts_offset(task.updated_at),
        "deleted_at": None,
    }


def read(ws: Workspace) -> dict[int, JSONDict]:
    """Every task that is not deleted, by id."""
    return {i: task_json(ws, t) for i, t in ws.tasks.items()}


@fake_method
def task(ws: Workspace, task_id: int) -> JSONDict:
    """One task as the API would send it; ``KeyError`` when it does not exist."""
    return task_json(ws, ws.require_task(task_id))


@fake_method
def task_assignees(ws: Workspace, task_id: int) -> set[int]:
    """User ids assigned to a task; ``KeyError`` when the task does not exist."""
    return set(ws.require_task(task_id).assignments)


def add_custom_status(ws: Workspace, code: int, name: str, color: str = "#9E9E9E") -> None:
    """Define a workspace-specific status code (tasks may carry it; writes reject it)."""
    if code in BASE_STATUSES:
        raise ValueError(f"status {code} is a base status")
    ws.custom_statuses[code] = (name, color)


def add_task(
    ws: Workspace,
    project_id: int,
    title: str,
    *,
    description: str | None = None,
    status: int = 0,
    priority: int | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
    assignees: tuple[int, ...] | list[int] = (),
    parent_id: int | None = None,
    creator_id: int | None = None,
) -> int:
    """Add a task and return its id.

    Unlike the API, any defined status works here, custom codes included.
    """
    fields = fields_of(locals(), "ws", "assignees", "creator_id")
    if priority is not None and priority not in PRIORITIES:
        raise ValueError(f"priority must be one of {sorted(PRIORITIES)} or None")
    check_dates(start_date, end_date)
    if status_info(ws, status) is None:
        raise ValueError(f"status {status} is neither a base nor a custom status")
    ws.require_project(project_id)
    for user_id in assignees:
        ws.require_member(user_id)
    if parent_id is not None:
        ws.require_task(parent_id)
    creator = ws.owner_id if creator_id is None else creator_id
    ws.require_member(creator)
    owner = ws.owner_id
    task = ws.tasks.new(owner_id=owner, creator_id=creator, created_at=time.time(), **fields)
    for user_id in assignees:
        ws.assign(task, user_id, creator)
    return task.id


@endpoints("GET /tasks", paged=True)
def list_tasks(ctx: Context) -> Ok:
    inp = ctx.input
    project_id = inp.integer("project_id")
    contract_id = inp.integer("contract_id")
    if inp.data.get("project_id") is None and inp.data.get("contract_id") is None:
        inp.fail("project_id", "The project id field is required when contract id is not present.")
    status = inp.integer("status")
    priority = inp.integer("priority", choices=PRIORITIES)
    order_by = inp.choice("order_by", ("asc", "desc"))
    page = ctx.page()
    inp.check()
    if contract_id is not None:
        contract = ctx.ws.contracts.get(contract_id)
        if contract is None or ctx.ws.live_project(contract.project_id) is None:
            raise ApiError(404, "Contract not found")
        if project_id is not None and project_id != contract.project_id:
            inp.fail("contract_id", "The selected contract id does not belong to the project.")
            inp.check()
        project_id = contract.project_id
    project_id = need(project_id)
    ctx.visible_project(project_id)
    in_project = ctx.ws.tasks.group("project", project_id).values()
    tasks = matching(in_project, status=status, priority=priority)
    if order_by == "desc":
        tasks.reverse()
    return paginate(tasks, page, lambda t: task_json(ctx.ws, t), "Tasks retrieved successfully")


def check_assignees(ctx: Context, assignees: Iterable[int]) -> list[int]:
    unique: list[int] = []
    for index, user_id in enumerate(assignees):
        if not ctx.ws.is_active(user_id):
            ctx.input.fail(f"assignees.{index}", f"The selected assignees.{index} is invalid.")
        elif user_id not in unique:
            unique.append(user_id)
    return unique


def check_parent(ctx: Context, parent_id: int | None, project_id: int, task_id: int | None) -> None:
    if parent_id is None:
        return
    parent = ctx.ws.tasks.get(parent_id)
    if parent is None or parent.project_id != project_id or parent_id == task_id:
        ctx.input.fail("parent_id", "The selected parent id is invalid.")


def _readers(inp: Input, *, create: bool) -> dict[str, Callable[[str], object]]:
    """What POST /tasks reads (with the project) and PUT may change (status required),
    in the order their errors come."""
    project: dict[str, Callable[[str], object]] = {}
    if create:
        project["project_id"] = lambda f: inp.integer(f, required=True)
    return {
        "title": lambda f: inp.string(f, required=True),
        **project,
        "description": lambda f: inp.string(f, max_length=65535),
        "status": lambda _: base_status(inp, required=not create),
        "priority": lambda f: inp.integer(f, choices=PRIORITIES),
        "start_date": inp.date,
        "end_date": inp.date,
    }


@endpoints("POST /tasks", roles=TASK_EDITOR_ROLES)
def create_task(ctx: Context) -> Ok:
    inp = ctx.input
    fields = inp.read(_readers(inp, create=True))
    inp.date_order("start_date", fields["start_date"], "end_date", fields["end_date"])
    assignees = inp.integer_list("assignees") or []
    parent_id = inp.integer("parent_id")
    inp.check()
    ctx.visible_project(fields["project_id"])
    assignees = check_assignees(ctx, assignees)
    check_parent(ctx, parent_id, fields["project_id"], None)
    inp.check()
    fields["status"] = fields["status"] or 0
    task = ctx.ws.tasks.new(
        owner_id=ctx.ws.owner_id,
        creator_id=ctx.user.id,
        created_at=ctx.now,
        parent_id=parent_id,
        **fields,
    )
    ctx.record("create_task", task.id)
    for user_id in assignees:
        ctx.ws.assign(task, user_id, ctx.user.id)
        ctx.record("assign", (task.id, user_id))
    return Ok(task_json(ctx.ws, task), "Task created successfully", status=201)


def path_task(ctx: Context) -> Task:
    """The path's task, which must live in the (required) ``project_id``."""
    task_id = ctx.path_id("taskId", "Task not found")
    project_id = ctx.input.integer("project_id", required=True)
    ctx.input.check()
    project_id = need(project_id)
    ctx.visible_project(project_id)
    task = ctx.ws.tasks.get(task_id)
    if task is None or task.project_id != project_id:
        raise ApiError(404, "Task not found")
    return task


@endpoints("GET /tasks/{taskId}")
def get_task(ctx: Context) -> Ok:
    return Ok(task_json(ctx.ws, path_task(ctx)), "Task retrieved successfully")


@endpoints("PUT /tasks/{taskId}", roles=TASK_EDITOR_ROLES)
def update_task(ctx: Context) -> Ok:
    task = path_task(ctx)
    inp = ctx.input
    changes = inp.changes({**_readers(inp, create=False), "parent_id": inp.integer})
    if "parent_id" in changes:  # the last field read: its errors come last either way
        check_parent(ctx, changes["parent_id"], task.project_id, task.id)
    ordered_after_put(inp, task, changes, "start_date", "end_date")
    inp.check()
    was_completed = is_completed(task.status)
    if ctx.save(task, changes, "update_task"):
        if not is_completed(task.status):
            task.completed_at = None
        elif not was_completed:
            task.completed_at = ctx.now
    return Ok(task_json(ctx.ws, task), "Task updated successfully")


@endpoints("DELETE /tasks/{taskId}", roles=TASK_EDITOR_ROLES)
def delete_task(ctx: Context) -> Ok:
    task = path_task(ctx)
    ctx.ws.tasks.remove(task.id)
    ctx.record("delete_task", task.id)
    return Ok(None, "Task deleted successfully")


@endpoints("GET /tasks/{taskId}/assignees")
def list_assignees(ctx: Context) -> Ok:
    task = path_task(ctx)
    data = [assignee_json(ctx.ws.members[user_id]) for user_id in task.assignments]
    return Ok(data, "Task assignees retrieved successfully")


@endpoints("POST /tasks/{taskId}/assign/{userId}", roles=TASK_EDITOR_ROLES)
def assign_task(ctx: Context) -> Ok:
    task = path_task(ctx)
    member = ctx.lookup(ctx.ws.members, "userId", "User not found")
    for allowed, message in (
        (ctx.ws.is_member, "The user is not a member of this workspace."),
        (ctx.ws.is_active, "Archived members cannot be assigned."),
    ):
        if not allowed(member.id):
            raise ApiError(422, message, errors={"user_id": [message]})
    assignment, created = ctx.ws.assign(task, member.id, ctx.user.id)
    if created:
        task.updated_at = ctx.now
        ctx.record("assign", (task.id, member.id))
    return Ok(assignment_json(ctx.ws, assignment), "Task assigned successfully")


@endpoints("DELETE /tasks/{taskId}/unassign/{userId}", roles=TASK_EDITOR_ROLES)
def unassign_task(ctx: Context) -> Ok:
    task = path_task(ctx)
    member = ctx.lookup(ctx.ws.members, "userId", "User not found")
    if task.assignments.pop(member.id, None) is None:
        raise ApiError(404, "User is not assigned to this task")
    task.updated_at = ctx.now
    ctx.record("unassign", (task.id, member.id))
    return Ok(None, "Task unassigned successfully")
