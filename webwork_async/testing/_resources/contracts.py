"""Contracts (§3.4)."""

from __future__ import annotations

import time

from .._plumbing import Context, Ok, paginate
from .._resource import Endpoints
from .._state import ADMIN_ROLES, Contract, Member, Workspace
from .._validation import ApiError, check_choice, fields_of, need
from .._wire import JSONDict, pick, plain_number, ts_micro

endpoints = Endpoints()

CONTRACT_STATUSES = ("active", "paused")
SCREENSHOT_LABELS = {
    "full": "Screenshot on",
    "blurred": "Blurred screenshots",
    "no_preview": "Screenshot without preview",
    "no_screenshot": "Screenshot off",
    "background_blurred": "Background blurred",
    "video_full": "Video on",
    "video_blurred": "Blurred video",
    "video_full_silent": "Silent video",
    "video_blurred_silent": "Silent blurred video",
}


def contract_json(ws: Workspace, contract: Contract, viewer: Member) -> JSONDict:
    project = ws.projects[contract.project_id]
    member = ws.members[contract.user_id]
    # Rates are only visible to callers allowed to see them, and only on billable projects.
    show_rate = viewer.role in ADMIN_ROLES and project.is_billable
    return {
        **pick(contract, "id", "project_id", "user_id"),
        "contract_name": project.name,
        "project_name": project.name,
        "project_icon": project.icon,
        "user_firstname": member.firstname,
        "user_lastname": member.lastname,
        "user_email": member.email,
        "user_role": member.role,
        **pick(contract, "weekly_hours_limit", "screenshots"),
        "screenshots_label": SCREENSHOT_LABELS.get(contract.screenshots),
        "rate": plain_number(contract.rate) if show_rate else None,
        "rate_type": 1 if show_rate and contract.rate is not None else 2,
        "currency": "USD",
        "status": contract.status,
        "created_at": ts_micro(contract.created_at),
        "updated_at": ts_micro(contract.updated_at),
    }


def read(ws: Workspace) -> dict[int, JSONDict]:
    """Every contract by id."""
    return {i: contract_json(ws, c, ws.owner) for i, c in ws.contracts.items()}


def add_contract(
    ws: Workspace,
    project_id: int,
    user_id: int,
    *,
    status: str = "active",
    weekly_hours_limit: int | None = 168,
    rate: float | None = None,
    screenshots: str = "full",
) -> int:
    """Give a member a contract on a project (needed to track time on it); returns its id."""
    fields = fields_of(locals(), "ws")
    check_choice("status", status, CONTRACT_STATUSES)
    check_choice("screenshots", screenshots, tuple(SCREENSHOT_LABELS))
    ws.require_project(project_id)
    ws.require_member(user_id)
    return ws.contracts.new(created_at=time.time(), **fields).id


@endpoints("GET /contracts", paged=True, pagination="top")
def list_contracts(ctx: Context) -> Ok:
    project_id = ctx.input.integer("project_id")
    user_id = ctx.input.integer("user_id")
    status = ctx.input.choice("status", CONTRACT_STATUSES)
    page = ctx.page()
    ctx.input.check()
    contracts = ctx.ws.contracts.where(project_id=project_id, user_id=user_id, status=status)
    contracts = [c for c in contracts if can_see(ctx, c)]
    message = "Contracts retrieved successfully"
    return paginate(contracts, page, lambda c: contract_json(ctx.ws, c, ctx.user), message)


def can_see(ctx: Context, contract: Contract) -> bool:
    if ctx.ws.live_project(contract.project_id) is None:
        return False
    return ctx.user.role in ADMIN_ROLES or contract.user_id == ctx.user.id


def path_contract(ctx: Context) -> Contract:
    contract = ctx.lookup(ctx.ws.contracts, "contractId", "Contract not found")
    if not can_see(ctx, contract):
        raise ApiError(404, "Contract not found")
    return contract


@endpoints("GET /contracts/{contractId}")
def get_contract(ctx: Context) -> Ok:
    contract = path_contract(ctx)
    return Ok(contract_json(ctx.ws, contract, ctx.user), "Contract retrieved successfully")


@endpoints("POST /contracts", roles=ADMIN_ROLES)
def create_contract(ctx: Context) -> Ok:
    """An active member's (not a project viewer's) first live contract on the project."""
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
    member = ctx.active_user(user_id)
    if member is not None and member.role == "Project viewer":
        inp.fail("user_id", "Project viewers cannot have contracts.")
    elif ctx.ws.contracts.where(project_id=project_id, user_id=user_id):
        inp.fail("user_id", "The user already has a contract on this project.")
    inp.check()
    weekly = 168 if weekly is None else weekly
    contract = ctx.ws.contracts.new(
        project_id, user_id, ctx.now, weekly, screenshots or "full", rate
    )
    ctx.record("create_contract", contract.id)
    return Ok(
        contract_json(ctx.ws, contract, ctx.user), "Contract created successfully", status=201
    )


@endpoints("PUT /contracts/{contractId}", roles=ADMIN_ROLES)
def update_contract(ctx: Context) -> Ok:
    """The message is the docs' copy-paste "Contract retrieved successfully"."""
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


@endpoints("DELETE /contracts/{contractId}", roles=ADMIN_ROLES)
def delete_contract(ctx: Context) -> Ok:
    """A soft delete: gone from every read, its running tracker stopped (the time stays)."""
    contract = path_contract(ctx)
    for tracker in list(ctx.ws.trackers.values()):
        if tracker.contract_id == contract.id:
            ctx.ws.stop_tracker(tracker.user_id, ctx.now)
    ctx.ws.contracts.remove(contract.id)
    contract.deleted_at = ctx.now
    ctx.ws.deleted_contracts[contract.id] = contract
    ctx.record("delete_contract", contract.id)
    return Ok(None, "Contract deleted successfully")
