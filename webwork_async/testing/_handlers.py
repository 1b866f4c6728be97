"""The endpoints of workspaces, members, projects, contracts, tasks and the live tracker.
The other resources live in ``_handlers_*.py``, the plumbing they share in ``_plumbing.py``;
``_routes.ROUTES`` lists them all.

Where the docs are silent the choices are:

* ids in the path that do not exist (or are not visible) answer 404; the scoping
  ``project_id`` / ``contract_id`` of task calls also answer 404 when unknown; ids inside a
  payload (``assignees``, ``parent_id``, ``user_id``, tracker ``contract_id``/``task_id``)
  fail validation with 422.
* POST /tasks answers 201 like the other creates (POST /projects, /contracts ...).
* Only changes count as applied: re-assigning an assigned user, or a PUT that changes
  nothing, answers 200 and counts nothing.
* Payload user ids must be *active* members: archived (``inactive``), former (``left``) and
  ``unknown`` members cannot be assigned, tracked, given contracts, time or leave (422).
* A request that breaks a state rule (approve a timesheet that is not submitted, reject a
  time request that is not pending, archive the owner) answers 422 with a ``message`` and no
  ``errors``; malformed input answers 422 with Laravel's ``errors``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._plumbing import (
    Context,
    Ok,
    active_user,
    base_status,
    can_see_contract,
    check_contract_and_task,
    paginate,
    path_member,
    task_in_project,
    tracked_member,
    visible_project,
)
from ._state import (
    ADMIN_ROLES,
    ARCHIVED,
    CONTRACT_STATUSES,
    MEMBER_STATUSES,
    PRIORITIES,
    ROLES,
    SCREENSHOT_LABELS,
    SETTABLE_ROLES,
    TASK_EDITOR_ROLES,
    Contract,
    Member,
    Project,
    is_completed,
)
from ._table import matching
from ._validation import ApiError, Input, need, not_found
from ._wire import (
    assignee_json,
    assignment_json,
    contract_json,
    current_data_json,
    member_json,
    project_json,
    task_json,
    tracker_json,
    ts_offset,
    workspace_json,
)

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
        for m in ctx.ws.members.where(status=status, role=role)
        if email is None or m.email.lower() == email.lower()
    ]
    return paginate(
        members, page, lambda m: member_json(m, ctx.user), "Members retrieved successfully"
    )


def path_member_id(ctx: Context) -> Member:
    return ctx.lookup(ctx.ws.members, "memberId", "Member not found")


def get_member(ctx: Context) -> Ok:
    return Ok(member_json(path_member_id(ctx), ctx.user), "Member retrieved successfully")


def email_taken(ctx: Context, email: str, member_id: int | None = None) -> bool:
    """Whether another member (former ones aside) uses the address, ignoring case."""
    return any(
        m.email.lower() == email.lower() and m.status != "left" and m.id != member_id
        for m in ctx.ws.members.values()
    )


def new_person(ctx: Context, role: Callable[[], str | None]) -> tuple[str, str, str, str]:
    """The ``email`` (not taken), ``firstname``, ``lastname`` and ``role()`` of somebody to
    invite, read in that order (errors are reported in it), checked."""
    inp = ctx.input
    email = inp.email("email", required=True)
    firstname = inp.string("firstname", required=True)
    lastname = inp.string("lastname", required=True)
    chosen = role()
    if email is not None and email_taken(ctx, email):
        inp.fail("email", "The email has already been taken.")
    inp.check()
    return need(email), need(firstname), need(lastname), need(chosen)


def invite_member(ctx: Context) -> Ok:
    """POST /members: owners and executive managers invite ``email`` with a ``role`` (any
    but Owner). Answers 201 (like the other creates) with ``{user_id, invitation_link}``.

    The fake accepts invitations at once: the member is ``active`` and can be assigned
    straight away; the invitation is recorded (``FakeWebWork.invitations``). An address a
    member already uses is a 422; inviting a former member (``left``) again reactivates the
    same user id.
    """
    ctx.require_role(ADMIN_ROLES)
    email, firstname, lastname, role = new_person(
        ctx, lambda: ctx.input.choice("role", SETTABLE_ROLES, required=True)
    )
    former = next((m for m in ctx.ws.members.values() if m.email.lower() == email.lower()), None)
    if former is not None:
        former.firstname, former.lastname, former.role = firstname, lastname, role
        former.status, former.updated_at = "active", ctx.now
        member = former
    else:
        member = ctx.ws.members.new(email, firstname, lastname, ctx.now, role=role)
    invitation = ctx.ws.invite(member, ctx.now)
    ctx.record("invite_member", member.id)
    data = {"user_id": member.id, "invitation_link": invitation.link}
    return Ok(data, "Member invited successfully", status=201)


def update_member(ctx: Context) -> Ok:
    """PUT /members/{id}: owners and executive managers change the §3.2 fields.

    ``role`` takes the five settable roles (``Owner`` is "invalid"), and the owner's own
    role cannot change; ``rate_status`` and ``remove_avatar`` are 0 or 1 (the fake has no
    avatars, so ``remove_avatar`` changes nothing); ``weekly_hours_limit`` is 0..168 or
    null; ``timezone`` any string.
    """
    ctx.require_role(ADMIN_ROLES)
    member = path_member_id(ctx)
    inp = ctx.input

    def email(field: str) -> str | None:
        value = inp.email(field, required=True)
        if value is not None and email_taken(ctx, value, member.id):
            inp.fail(field, "The email has already been taken.")
        return value

    def role(field: str) -> str | None:
        value = inp.choice(field, SETTABLE_ROLES, required=True)
        if member.id == ctx.ws.owner_id and value is not None:
            inp.fail(field, "The role of the workspace owner cannot be changed.")
        return value

    changes = inp.changes(
        {
            "email": email,
            "firstname": lambda f: inp.string(f, required=True),
            "lastname": lambda f: inp.string(f, required=True),
            "timezone": inp.string,
            "role": role,
            "rate_status": lambda f: inp.integer(f, required=True, choices=(0, 1)),
            "weekly_hours_limit": lambda f: inp.integer(f, minimum=0, maximum=168),
        }
    )
    inp.integer("remove_avatar", choices=(0, 1))
    inp.check()
    ctx.save(member, changes, "update_member")
    return Ok(member_json(member, ctx.user), "Member updated successfully")


def delete_member(ctx: Context) -> Ok:
    """DELETE /members/{id} archives: the status becomes ``inactive``.

    Archived members stay readable (GET, ``status=inactive`` filter) but can no longer be
    assigned, tracked, given contracts, time entries, time requests or leave; a running
    tracker is stopped (its time is kept). The owner cannot be archived (422); archiving an
    archived or former member changes nothing (200).
    """
    ctx.require_role(ADMIN_ROLES)
    member = path_member_id(ctx)
    if member.id == ctx.ws.owner_id:
        raise ApiError(422, "The workspace owner cannot be archived.")
    if member.status not in (ARCHIVED, "left"):
        ctx.ws.stop_tracker(member.id, ctx.now)
        ctx.save(member, {"status": ARCHIVED}, "archive_member")
    return Ok(None, "Member deleted successfully")


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


def ordered_after_put(
    inp: Input, row: object, changes: Mapping[str, Any], start: str, end: str
) -> None:
    """The dates ``start`` and ``end`` of ``row`` stay in order once ``changes`` apply."""
    new = {name: changes.get(name, getattr(row, name)) for name in (start, end)}
    inp.date_order(start, new[start], end, new[end])


def create_project(ctx: Context) -> Ok:
    ctx.require_role(ADMIN_ROLES)
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
    project_id = ctx.path_id("projectId", "Project not found")
    return visible_project(ctx, project_id)


def get_project(ctx: Context) -> Ok:
    return Ok(project_json(ctx.ws, path_project(ctx)), "Project retrieved successfully")


def update_project(ctx: Context) -> Ok:
    ctx.require_role(ADMIN_ROLES)
    project = path_project(ctx)
    inp = ctx.input
    changes = inp.changes(project_fields(inp))
    ordered_after_put(inp, project, changes, "start_date", "deadline")
    inp.check()
    ctx.save(project, changes, "update_project")
    return Ok(project_json(ctx.ws, project), "Project updated successfully")


def delete_project(ctx: Context) -> Ok:
    ctx.require_role(ADMIN_ROLES)
    project = path_project(ctx)
    project.archived_at = ctx.now
    ctx.record("archive_project", project.id)
    return Ok(None, "Project deleted successfully")


# -- contracts -----------------------------------------------------------------------------


def list_contracts(ctx: Context) -> Ok:
    project_id = ctx.input.integer("project_id")
    user_id = ctx.input.integer("user_id")
    status = ctx.input.choice("status", CONTRACT_STATUSES)
    page = ctx.page()
    ctx.input.check()
    contracts = [
        c
        for c in ctx.ws.contracts.where(project_id=project_id, user_id=user_id, status=status)
        if can_see_contract(ctx, c)
    ]
    return paginate(
        contracts,
        page,
        lambda c: contract_json(ctx.ws, c, ctx.user),
        "Contracts retrieved successfully",
    )


def path_contract(ctx: Context) -> Contract:
    contract = ctx.lookup(ctx.ws.contracts, "contractId", "Contract not found")
    if not can_see_contract(ctx, contract):
        raise not_found("Contract not found")
    return contract


def get_contract(ctx: Context) -> Ok:
    contract = path_contract(ctx)
    return Ok(contract_json(ctx.ws, contract, ctx.user), "Contract retrieved successfully")


def create_contract(ctx: Context) -> Ok:
    """POST /contracts: owners and executive managers give an active member a contract.

    ``weekly_hours_limit`` is 0..168 (default 168), ``screenshots`` one of the nine modes
    (default ``full``), ``rate`` a number. A second live contract for the same user and
    project is a 422, and so are project viewers (they see projects, they do not work on
    them). New contracts are ``active``.
    """
    ctx.require_role(ADMIN_ROLES)
    inp = ctx.input
    project_id = inp.integer("project_id", required=True)
    user_id = inp.integer("user_id", required=True)
    weekly = inp.integer("weekly_hours_limit", minimum=0, maximum=168)
    screenshots = inp.choice("screenshots", tuple(SCREENSHOT_LABELS))
    rate = inp.number("rate")
    inp.check()
    project_id = need(project_id)
    user_id = need(user_id)
    if ctx.ws.live_project(project_id) is None:
        inp.fail("project_id", "The selected project id is invalid.")
    member = active_user(ctx, user_id)
    if member is not None and member.role == "Project viewer":
        inp.fail("user_id", "Project viewers cannot have contracts.")
    elif any(
        c.project_id == project_id and c.user_id == user_id for c in ctx.ws.contracts.values()
    ):
        inp.fail("user_id", "The user already has a contract on this project.")
    inp.check()
    contract = ctx.ws.contracts.new(
        project_id,
        user_id,
        ctx.now,
        weekly_hours_limit=168 if weekly is None else weekly,
        rate=rate,
        screenshots=screenshots or "full",
    )
    ctx.record("create_contract", contract.id)
    data = contract_json(ctx.ws, contract, ctx.user)
    return Ok(data, "Contract created successfully", status=201)


def update_contract(ctx: Context) -> Ok:
    """PUT /contracts/{id}: owners and executive managers change ``weekly_hours_limit``
    (0..168 or null), ``screenshots``, ``rate`` (null clears it) and ``status``
    (active/paused). The message is the documented copy-paste "Contract retrieved
    successfully"."""
    ctx.require_role(ADMIN_ROLES)
    contract = path_contract(ctx)
    inp = ctx.input
    changes = inp.changes(
        {
            "weekly_hours_limit": lambda f: inp.integer(f, minimum=0, maximum=168),
            "screenshots": lambda f: inp.choice(f, tuple(SCREENSHOT_LABELS), required=True),
            "rate": inp.number,
            "status": lambda f: inp.choice(f, CONTRACT_STATUSES, required=True),
        }
    )
    inp.check()
    ctx.save(contract, changes, "update_contract")
    return Ok(contract_json(ctx.ws, contract, ctx.user), "Contract retrieved successfully")


def delete_contract(ctx: Context) -> Ok:
    """DELETE /contracts/{id} (``workspace_id`` in the JSON body or the query): a soft
    delete. The contract disappears from every read, a tracker running on it is stopped
    (its time is kept, and time entries keep pointing at the contract), and the member may
    get a new contract on the project."""
    ctx.require_role(ADMIN_ROLES)
    contract = path_contract(ctx)
    for tracker in list(ctx.ws.trackers.values()):
        if tracker.contract_id == contract.id:
            ctx.ws.stop_tracker(tracker.user_id, ctx.now)
    ctx.ws.contracts.remove(contract.id)
    contract.deleted_at = ctx.now
    ctx.ws.deleted_contracts[contract.id] = contract
    ctx.record("delete_contract", contract.id)
    return Ok(None, "Contract deleted successfully")


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
    project_id = need(project_id)
    visible_project(ctx, project_id)
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
    title = need(title)
    project_id = need(project_id)
    visible_project(ctx, project_id)
    assignees = check_assignees(ctx, assignees)
    check_parent(ctx, parent_id, project_id, None)
    inp.check()
    task = ctx.ws.tasks.new(
        title,
        project_id,
        ctx.ws.owner_id,
        ctx.user.id,
        ctx.now,
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
    changes = inp.changes(
        {
            "title": lambda f: inp.string(f, required=True),
            "description": lambda f: inp.string(f, max_length=65535),
            "status": lambda _: base_status(inp, required=True),
            "priority": lambda f: inp.integer(f, choices=PRIORITIES),
            "start_date": inp.date,
            "end_date": inp.date,
            "parent_id": inp.integer,
        }
    )
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


def delete_task(ctx: Context) -> Ok:
    ctx.require_role(TASK_EDITOR_ROLES)
    task = task_in_project(ctx)
    ctx.ws.tasks.remove(task.id)
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
    if not ctx.ws.is_active(member.id):
        message = "Archived members cannot be assigned."
        raise ApiError(422, message, errors={"user_id": [message]})
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
    check_contract_and_task(ctx, member, contract_id, task_id)
    inp.check()
    member = need(member)
    if member.id in ctx.ws.trackers:
        raise ApiError(400, "User already has an active tracker")
    tracker = ctx.ws.start_tracker(member.id, ctx.now, contract_id, task_id, description)
    ctx.record("start_tracking", member.id)
    message = "Time tracking started successfully"
    return Ok({"message": message, **tracker_json(tracker)}, message)


def stop_tracking(ctx: Context) -> Ok:
    inp = ctx.input
    # NEW docs send workspace_id + user_id; OLD docs send nothing and stop the caller's own.
    user_id = inp.integer("user_id")
    member = tracked_member(ctx, ctx.user.id if user_id is None else user_id)
    inp.check()
    member = need(member)
    # The tracked whole minutes become a "Web tracker" time entry (split at midnight UTC).
    if ctx.ws.stop_tracker(member.id, ctx.now) is None:
        raise ApiError(400, "User does not have an active tracker")
    ctx.record("stop_tracking", member.id)
    message = "Time tracking stopped successfully"
    return Ok({"message": message, "stopped_at": ts_offset(ctx.now)}, message)


def current_tracker(ctx: Context) -> Ok:
    member = tracked_member(ctx, ctx.input.integer("user_id", required=True))
    ctx.input.check()
    member = need(member)
    tracker = ctx.ws.trackers.get(member.id)
    if tracker is None:
        raise not_found("User does not have an active tracker")
    data = current_data_json(ctx.ws, tracker, ctx.now)
    return Ok(data, "Current tracker data retrieved successfully")
