"""The endpoints: one function per route, listed in :data:`ROUTES` at the bottom.

Handlers run under the workspace lock with the caller already authenticated and the
``workspace_id`` already checked (see ``_app.App``). They validate their input, change the
state, count real state changes in ``Context.applied`` and return an :class:`Ok`; failures
are raised as :class:`~._validation.ApiError`.

Where the docs are silent the choices are:

* ids in the path that do not exist (or are not visible) answer 404; the scoping
  ``project_id`` / ``contract_id`` of task calls also answer 404 when unknown; ids inside a
  payload (``assignees``, ``parent_id``, ``user_id``, tracker ``contract_id``/``task_id``)
  fail validation with 422.
* POST /tasks answers 201 like the other creates (POST /projects, /contracts ...).
* Only changes count as applied: re-assigning an assigned user, or a PUT that changes
  nothing, answers 200 and counts nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from ._state import (
    ADMIN_ROLES,
    BASE_STATUSES,
    CONTRACT_STATUSES,
    MEMBER_STATUSES,
    PRIORITIES,
    ROLES,
    TASK_EDITOR_ROLES,
    Contract,
    Member,
    Project,
    Task,
    Tracker,
    Workspace,
    is_completed,
)
from ._validation import ApiError, Input, as_int, forbidden, not_found
from ._wire import (
    JSONDict,
    assignee_json,
    assignment_json,
    contract_json,
    current_data_json,
    day,
    member_json,
    project_json,
    task_json,
    tracker_json,
    ts_offset,
    workspace_json,
)

T = TypeVar("T")

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


@dataclass
class Context:
    """Everything a handler may use for one request."""

    ws: Workspace
    user: Member
    params: Mapping[str, str]
    input: Input
    now: float
    applied: Counter[tuple[str, Any]]

    def record(self, operation: str, key: Any) -> None:
        self.applied[(operation, key)] += 1

    def path_id(self, name: str, message: str) -> int:
        value = as_int(self.params[name])
        if value is None:
            raise not_found(message)
        return value

    def page(self) -> tuple[int, int]:
        """``page`` / ``per_page``; errors are collected in ``input`` like other fields."""
        page = self.input.integer("page", minimum=1)
        per_page = self.input.integer("per_page")
        if per_page is not None and not 1 <= per_page <= MAX_PER_PAGE:
            self.input.fail("per_page", f"The per page field must be between 1 and {MAX_PER_PAGE}.")
        return page or 1, per_page or DEFAULT_PER_PAGE

    def require_role(self, roles: frozenset[str]) -> None:
        if self.user.role not in roles:
            raise forbidden()


@dataclass
class Ok:
    """A successful answer: the envelope's ``data`` and ``message``, plus pagination."""

    data: Any
    message: str
    status: int = 200
    pagination: JSONDict | None = None


Handler = Callable[[Context], Ok]


@dataclass(frozen=True)
class Route:
    """``workspace``: whether ``workspace_id`` is required, not used, or only required when
    the request carries any input at all (the OLD body-less POST /time-tracking/stop)."""

    method: str
    template: str
    handler: Handler
    workspace: Literal["required", "optional", "none"] = "required"

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"


def paginate(
    items: Sequence[T], page: tuple[int, int], render: Callable[[T], JSONDict], message: str
) -> Ok:
    """One page of ``items`` with the pagination object the app places per its setting."""
    number, per_page = page
    start = (number - 1) * per_page
    chunk = items[start : start + per_page]
    pagination = {
        "current_page": number,
        "per_page": per_page,
        "total": len(items),
        "last_page": max(1, -(-len(items) // per_page)),
        "from": start + 1 if chunk else None,
        "to": start + len(chunk) if chunk else None,
    }
    return Ok([render(item) for item in chunk], message, pagination=pagination)


# -- shared lookups ------------------------------------------------------------------------


def visible_project(ctx: Context, project_id: int) -> Project:
    project = ctx.ws.live_project(project_id)
    if project is None:
        raise not_found("Project not found")
    visible = ctx.ws.visible_project_ids(ctx.user)
    if visible is not None and project_id not in visible:
        raise forbidden("You do not have access to this project.")
    return project


def task_in_project(ctx: Context) -> Task:
    """The path's task, which must live in the (required) ``project_id``."""
    task_id = ctx.path_id("taskId", "Task not found")
    project_id = ctx.input.integer("project_id", required=True)
    ctx.input.check()
    assert project_id is not None
    visible_project(ctx, project_id)
    task = ctx.ws.tasks.get(task_id)
    if task is None or task.project_id != project_id:
        raise not_found("Task not found")
    return task


def path_member(ctx: Context) -> Member:
    member = ctx.ws.members.get(ctx.path_id("userId", "User not found"))
    if member is None:
        raise not_found("User not found")
    return member


def can_see_contract(ctx: Context, contract: Contract) -> bool:
    if ctx.ws.live_project(contract.project_id) is None:
        return False
    return ctx.user.role in ADMIN_ROLES or contract.user_id == ctx.user.id


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


def tracked_member(ctx: Context, user_id: int | None) -> Member | None:
    """The member a time-tracking call is about, or ``None`` after recording a 422."""
    if user_id is None:
        return None
    if not ctx.ws.is_member(user_id):
        ctx.input.fail("user_id", "The selected user id is invalid.")
        return None
    # Owners and executive managers act for anyone; everybody else only for themselves.
    if ctx.user.role not in ADMIN_ROLES and user_id != ctx.user.id:
        raise forbidden("You can only manage time tracking for yourself.")
    return ctx.ws.members[user_id]


# -- workspaces and members --------------------------------------------------------------


def list_workspaces(ctx: Context) -> Ok:
    page = ctx.page()
    ctx.input.check()
    workspaces = [ctx.ws] if ctx.ws.is_member(ctx.user.id) else []
    return paginate(
        workspaces,
        page,
        lambda ws: workspace_json(ws, ctx.user),
        "Workspaces retrieved successfully",
    )


def list_members(ctx: Context) -> Ok:
    email = ctx.input.string("email")
    status = ctx.input.choice("status", MEMBER_STATUSES)
    role = ctx.input.choice("role", ROLES)
    page = ctx.page()
    ctx.input.check()
    members = [
        m
        for m in ctx.ws.members.values()
        if (email is None or m.email.lower() == email.lower())
        and (status is None or m.status == status)
        and (role is None or m.role == role)
    ]
    return paginate(
        members, page, lambda m: member_json(m, ctx.user), "Members retrieved successfully"
    )


def get_member(ctx: Context) -> Ok:
    member = ctx.ws.members.get(ctx.path_id("memberId", "Member not found"))
    if member is None:
        raise not_found("Member not found")
    return Ok(member_json(member, ctx.user), "Member retrieved successfully")


# -- projects ------------------------------------------------------------------------------


def list_projects(ctx: Context) -> Ok:
    name = ctx.input.string("name")
    page = ctx.page()
    ctx.input.check()
    visible = ctx.ws.visible_project_ids(ctx.user)
    needle = None if name is None else name.lower()
    projects = [
        p
        for p in ctx.ws.live_projects()
        if (visible is None or p.id in visible) and (needle is None or needle in p.name.lower())
    ]
    return paginate(
        projects, page, lambda p: project_json(ctx.ws, p), "Projects retrieved successfully"
    )


def create_project(ctx: Context) -> Ok:
    ctx.require_role(ADMIN_ROLES)
    inp = ctx.input
    name = inp.string("name", required=True)
    start_date = inp.date("start_date")
    deadline = inp.date("deadline")
    inp.date_order("start_date", start_date, "deadline", deadline)
    estimation = inp.number("estimation")
    budget = inp.number("budget")
    notes = inp.string("notes", max_length=65535)
    icon = inp.string("icon")
    inp.check()
    assert name is not None
    project = ctx.ws.add_project(
        name=name,
        now=ctx.now,
        start_date=start_date,
        deadline=deadline,
        estimation=estimation,
        budget=budget,
        notes=notes,
        icon=icon,
    )
    ctx.record("create_project", project.id)
    return Ok(project_json(ctx.ws, project), "Project created successfully", status=201)


def path_project(ctx: Context) -> Project:
    project_id = ctx.path_id("projectId", "Project not found")
    return visible_project(ctx, project_id)


def get_project(ctx: Context) -> Ok:
    return Ok(project_json(ctx.ws, path_project(ctx)), "Project retrieved successfully")


def update_project(ctx: Context) -> Ok:
    ctx.require_role(ADMIN_ROLES)
    project = path_project(ctx)
    inp = ctx.input
    changes: dict[str, Any] = {}
    if inp.present("name"):
        changes["name"] = inp.string("name", required=True)
    for field in ("start_date", "deadline"):
        if inp.present(field):
            changes[field] = inp.date(field)
    for field in ("estimation", "budget"):
        if inp.present(field):
            changes[field] = inp.number(field)
    if inp.present("notes"):
        changes["notes"] = inp.string("notes", max_length=65535)
    if inp.present("icon"):
        changes["icon"] = inp.string("icon")
    inp.date_order(
        "start_date",
        changes.get("start_date", project.start_date),
        "deadline",
        changes.get("deadline", project.deadline),
    )
    inp.check()
    if apply_changes(project, changes):
        project.updated_at = ctx.now
        ctx.record("update_project", project.id)
    return Ok(project_json(ctx.ws, project), "Project updated successfully")


def delete_project(ctx: Context) -> Ok:
    ctx.require_role(ADMIN_ROLES)
    project = path_project(ctx)
    project.archived_at = ctx.now
    ctx.record("archive_project", project.id)
    return Ok(None, "Project deleted successfully")


def apply_changes(target: object, changes: Mapping[str, Any]) -> bool:
    """Set the attributes that differ; returns whether anything changed."""
    changed = False
    for attribute, value in changes.items():
        if getattr(target, attribute) != value:
            setattr(target, attribute, value)
            changed = True
    return changed


# -- contracts -----------------------------------------------------------------------------


def list_contracts(ctx: Context) -> Ok:
    project_id = ctx.input.integer("project_id")
    user_id = ctx.input.integer("user_id")
    status = ctx.input.choice("status", CONTRACT_STATUSES)
    page = ctx.page()
    ctx.input.check()
    contracts = [
        c
        for c in ctx.ws.contracts.values()
        if can_see_contract(ctx, c)
        and (project_id is None or c.project_id == project_id)
        and (user_id is None or c.user_id == user_id)
        and (status is None or c.status == status)
    ]
    return paginate(
        contracts,
        page,
        lambda c: contract_json(ctx.ws, c, ctx.user),
        "Contracts retrieved successfully",
    )


def get_contract(ctx: Context) -> Ok:
    contract = ctx.ws.contracts.get(ctx.path_id("contractId", "Contract not found"))
    if contract is None or not can_see_contract(ctx, contract):
        raise not_found("Contract not found")
    return Ok(contract_json(ctx.ws, contract, ctx.user), "Contract retrieved successfully")


# -- tasks ---------------------------------------------------------------------------------


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
            raise not_found("Contract not found")
        if project_id is not None and project_id != contract.project_id:
            inp.fail("contract_id", "The selected contract id does not belong to the project.")
            inp.check()
        project_id = contract.project_id
    assert project_id is not None
    visible_project(ctx, project_id)
    tasks: list[Task] = [
        t
        for t in ctx.ws.project_tasks[project_id].values()
        if (status is None or t.status == status) and (priority is None or t.priority == priority)
    ]
    if order_by == "desc":
        tasks.reverse()
    return paginate(tasks, page, lambda t: task_json(ctx.ws, t), "Tasks retrieved successfully")


def check_assignees(ctx: Context, assignees: Iterable[int]) -> list[int]:
    unique: list[int] = []
    for index, user_id in enumerate(assignees):
        if not ctx.ws.is_member(user_id):
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


def create_task(ctx: Context) -> Ok:
    ctx.require_role(TASK_EDITOR_ROLES)
    inp = ctx.input
    title = inp.string("title", required=True)
    project_id = inp.integer("project_id", required=True)
    description = inp.string("description", max_length=65535)
    status = base_status(inp)
    priority = inp.integer("priority", choices=PRIORITIES)
    start_date = inp.date("start_date")
    end_date = inp.date("end_date")
    inp.date_order("start_date", start_date, "end_date", end_date)
    assignees = inp.integer_list("assignees") or []
    parent_id = inp.integer("parent_id")
    inp.check()
    assert title is not None
    assert project_id is not None
    visible_project(ctx, project_id)
    assignees = check_assignees(ctx, assignees)
    check_parent(ctx, parent_id, project_id, None)
    inp.check()
    task = ctx.ws.add_task(
        project_id=project_id,
        title=title,
        creator_id=ctx.user.id,
        now=ctx.now,
        description=description,
        status=0 if status is None else status,
        priority=priority,
        start_date=start_date,
        end_date=end_date,
        parent_id=parent_id,
    )
    ctx.record("create_task", task.id)
    for user_id in assignees:
        ctx.ws.assign(task, user_id, ctx.user.id)
        ctx.record("assign", (task.id, user_id))
    return Ok(task_json(ctx.ws, task), "Task created successfully", status=201)


def get_task(ctx: Context) -> Ok:
    return Ok(task_json(ctx.ws, task_in_project(ctx)), "Task retrieved successfully")


def update_task(ctx: Context) -> Ok:
    ctx.require_role(TASK_EDITOR_ROLES)
    task = task_in_project(ctx)
    inp = ctx.input
    changes: dict[str, Any] = {}
    if inp.present("title"):
        changes["title"] = inp.string("title", required=True)
    if inp.present("description"):
        changes["description"] = inp.string("description", max_length=65535)
    if inp.present("status"):
        changes["status"] = base_status(inp, required=True)
    if inp.present("priority"):
        changes["priority"] = inp.integer("priority", choices=PRIORITIES)
    for field in ("start_date", "end_date"):
        if inp.present(field):
            changes[field] = inp.date(field)
    if inp.present("parent_id"):
        changes["parent_id"] = inp.integer("parent_id")
        check_parent(ctx, changes["parent_id"], task.project_id, task.id)
    inp.date_order(
        "start_date",
        changes.get("start_date", task.start_date),
        "end_date",
        changes.get("end_date", task.end_date),
    )
    inp.check()
    was_completed = is_completed(task.status)
    if apply_changes(task, changes):
        if not is_completed(task.status):
            task.completed_at = None
        elif not was_completed:
            task.completed_at = ctx.now
        task.updated_at = ctx.now
        ctx.record("update_task", task.id)
    return Ok(task_json(ctx.ws, task), "Task updated successfully")


def delete_task(ctx: Context) -> Ok:
    ctx.require_role(TASK_EDITOR_ROLES)
    task = task_in_project(ctx)
    ctx.ws.delete_task(task)
    ctx.record("delete_task", task.id)
    return Ok(None, "Task deleted successfully")


def list_assignees(ctx: Context) -> Ok:
    task = task_in_project(ctx)
    data = [assignee_json(ctx.ws.members[user_id]) for user_id in task.assignments]
    return Ok(data, "Task assignees retrieved successfully")


def assign_task(ctx: Context) -> Ok:
    ctx.require_role(TASK_EDITOR_ROLES)
    task = task_in_project(ctx)
    member = path_member(ctx)
    if not ctx.ws.is_member(member.id):
        raise ApiError(
            422,
            "The user is not a member of this workspace.",
            errors={"user_id": ["The user is not a member of this workspace."]},
        )
    assignment, created = ctx.ws.assign(task, member.id, ctx.user.id)
    if created:
        task.updated_at = ctx.now
        ctx.record("assign", (task.id, member.id))
    return Ok(assignment_json(ctx.ws, assignment), "Task assigned successfully")


def unassign_task(ctx: Context) -> Ok:
    ctx.require_role(TASK_EDITOR_ROLES)
    task = task_in_project(ctx)
    member = path_member(ctx)
    if task.assignments.pop(member.id, None) is None:
        raise not_found("User is not assigned to this task")
    task.updated_at = ctx.now
    ctx.record("unassign", (task.id, member.id))
    return Ok(None, "Task unassigned successfully")


# -- time tracking -------------------------------------------------------------------------


def start_tracking(ctx: Context) -> Ok:
    inp = ctx.input
    member = tracked_member(ctx, inp.integer("user_id", required=True))
    contract_id = inp.integer("contract_id")
    task_id = inp.integer("task_id")
    description = inp.string("activity_description", max_length=1000)
    contract = None
    if contract_id is not None:
        contract = ctx.ws.contracts.get(contract_id)
        if contract is None or ctx.ws.live_project(contract.project_id) is None:
            inp.fail("contract_id", "The selected contract id is invalid.")
            contract = None
        elif member is not None and contract.user_id != member.id:
            inp.fail("contract_id", "The contract does not belong to this user.")
        elif contract.status != "active":
            inp.fail("contract_id", "The contract is paused.")
    if task_id is not None:
        task = ctx.ws.tasks.get(task_id)
        if inp.data.get("contract_id") is None:
            inp.fail("task_id", "The task id field is prohibited unless contract id is present.")
        elif contract is not None and (task is None or task.project_id != contract.project_id):
            inp.fail("task_id", "The selected task does not belong to the contract's project.")
    inp.check()
    assert member is not None
    if member.id in ctx.ws.trackers:
        raise ApiError(400, "User already has an active tracker")
    tracker = Tracker(
        user_id=member.id,
        started_at=ctx.now,
        contract_id=contract_id,
        project_id=None if contract is None else contract.project_id,
        task_id=task_id,
        activity_description=description,
    )
    ctx.ws.trackers[member.id] = tracker
    ctx.record("start_tracking", member.id)
    message = "Time tracking started successfully"
    return Ok({"message": message, **tracker_json(tracker)}, message)


def stop_tracking(ctx: Context) -> Ok:
    inp = ctx.input
    # NEW docs send workspace_id + user_id; OLD docs send nothing and stop the caller's own.
    user_id = inp.integer("user_id")
    member = tracked_member(ctx, ctx.user.id if user_id is None else user_id)
    inp.check()
    assert member is not None
    tracker = ctx.ws.trackers.pop(member.id, None)
    if tracker is None:
        raise ApiError(400, "User does not have an active tracker")
    minutes = int(ctx.now - tracker.started_at) // 60
    ctx.ws.tracked_minutes[(member.id, day(tracker.started_at))] += minutes
    ctx.record("stop_tracking", member.id)
    message = "Time tracking stopped successfully"
    return Ok({"message": message, "stopped_at": ts_offset(ctx.now)}, message)


def current_tracker(ctx: Context) -> Ok:
    member = tracked_member(ctx, ctx.input.integer("user_id", required=True))
    ctx.input.check()
    assert member is not None
    tracker = ctx.ws.trackers.get(member.id)
    if tracker is None:
        raise not_found("User does not have an active tracker")
    data = current_data_json(ctx.ws, tracker, ctx.now)
    return Ok(data, "Current tracker data retrieved successfully")


ROUTES: tuple[Route, ...] = (
    Route("GET", "/workspaces", list_workspaces, workspace="none"),
    Route("GET", "/members", list_members),
    Route("GET", "/members/{memberId}", get_member),
    Route("GET", "/projects", list_projects),
    Route("POST", "/projects", create_project),
    Route("GET", "/projects/{projectId}", get_project),
    Route("PUT", "/projects/{projectId}", update_project),
    Route("DELETE", "/projects/{projectId}", delete_project),
    Route("GET", "/contracts", list_contracts),
    Route("GET", "/contracts/{contractId}", get_contract),
    Route("GET", "/tasks", list_tasks),
    Route("POST", "/tasks", create_task),
    Route("GET", "/tasks/{taskId}", get_task),
    Route("PUT", "/tasks/{taskId}", update_task),
    Route("DELETE", "/tasks/{taskId}", delete_task),
    Route("GET", "/tasks/{taskId}/assignees", list_assignees),
    Route("POST", "/tasks/{taskId}/assign/{userId}", assign_task),
    Route("DELETE", "/tasks/{taskId}/unassign/{userId}", unassign_task),
    Route("POST", "/time-tracking/start", start_tracking),
    Route("POST", "/time-tracking/stop", stop_tracking, workspace="optional"),
    Route("GET", "/time-tracking/current-data", current_tracker),
)
