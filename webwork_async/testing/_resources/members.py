"""Workspaces (§3.1) and members (§3.2)."""

from __future__ import annotations

import time
from collections.abc import Callable

from .._plumbing import Context, Ok, paginate
from .._resource import Endpoints
from .._state import ADMIN_ROLES, Member, Workspace
from .._validation import ApiError, check_choice, fields_of, need
from .._wire import JSONDict, pick, plain_number, ts_micro, ts_sql

endpoints = Endpoints()

ROLES = (
    "Owner",
    "Project viewer",
    "Executive manager",
    "Team manager",
    "Project manager",
    "Regular User",
)
# Roles PUT /members may set, and that POST /members may invite as: all but Owner.
SETTABLE_ROLES = ROLES[:0:-1]
MEMBER_STATUSES = ("active", "inactive", "left", "unknown")
# DELETE /members/{id} and DELETE /project-viewers/{id} archive: the status becomes this.
ARCHIVED = "inactive"


def workspace_json(ws: Workspace, user: Member) -> JSONDict:
    return {
        **pick(ws, "id", "owner_id"),
        "user_id": user.id,
        "workspace_name": ws.name,
        **pick(user, "role", "status"),
        "created_at": ts_micro(ws.created_at),
        "activated_at": ts_sql(user.created_at),
    }


def member_json(member: Member, viewer: Member) -> JSONDict:
    # Rates: owners and executive managers see everybody's; a member sees their own only
    # when ``rate_status`` is 1 (PUT /members).
    show_rate = viewer.role in ADMIN_ROLES or (viewer.id == member.id and member.rate_status == 1)
    return {
        **pick(member, "id", "email", "firstname", "lastname"),
        "avatar": None,
        "current_role": member.role,
        **pick(member, "timezone", "status", "team_name", "title"),
        "rate": plain_number(member.rate) if show_rate else None,
        **pick(member, "rate_status", "weekly_hours_limit"),
        "is_blocked": False,
        "created_at": ts_micro(member.created_at),
        "updated_at": ts_micro(member.updated_at),
        "deleted_at": None,
    }


def read(ws: Workspace) -> dict[int, JSONDict]:
    """Every member (including former ones) by user id."""
    return {i: member_json(m, ws.owner) for i, m in ws.members.items()}


def read_invitations(ws: Workspace) -> list[JSONDict]:
    """The invitation e-mails "sent" (POST /members, POST /project-viewers), oldest
    first: ``{"user_id", "email", "role", "invitation_link"}``."""
    return [
        {**pick(i, "user_id", "email", "role"), "invitation_link": i.link} for i in ws.invitations
    ]


def add_member(
    ws: Workspace,
    email: str,
    firstname: str,
    lastname: str,
    role: str = "Regular User",
    *,
    status: str = "active",
    timezone: str | None = None,
    title: str | None = None,
    team_name: str | None = None,
    rate: float | None = None,
    weekly_hours_limit: int | None = None,
) -> int:
    """Add a workspace member and return their user id.

    ``status="left"`` makes a former member: known to the API, but not in the workspace.
    """
    fields = fields_of(locals(), "ws")
    check_choice("role", role, ROLES)
    check_choice("status", status, MEMBER_STATUSES)
    return ws.members.new(created_at=time.time(), **fields).id


def add_token(ws: Workspace, token: str, user_id: int) -> None:
    """Make ``token`` a valid bearer token for ``user_id`` (to test other roles)."""
    ws.require_member(user_id)
    ws.tokens[token] = user_id


@endpoints("GET /workspaces", workspace="none", paged=True)
def list_workspaces(ctx: Context) -> Ok:
    page = ctx.page()
    ctx.input.check()
    workspaces = [workspace_json(ctx.ws, ctx.user)] if ctx.ws.is_member(ctx.user.id) else []
    return paginate(workspaces, page, dict, "Workspaces retrieved successfully")


@endpoints("GET /members", paged=True)
def list_members(ctx: Context) -> Ok:
    email = ctx.input.string("email")
    status = ctx.input.choice("status", MEMBER_STATUSES)
    role = ctx.input.choice("role", ROLES)
    page = ctx.page()
    ctx.input.check()
    members = [m for m in ctx.ws.members.where(status=status, role=role) if same_email(m, email)]
    return paginate(
        members, page, lambda m: member_json(m, ctx.user), "Members retrieved successfully"
    )


def same_email(member: Member, email: str | None) -> bool:
    """An ``email`` filter matches exactly, ignoring case (and no filter matches anybody)."""
    return email is None or member.email.lower() == email.lower()


def path_member_id(ctx: Context) -> Member:
    return ctx.lookup(ctx.ws.members, "memberId", "Member not found")


@endpoints("GET /members/{memberId}")
def get_member(ctx: Context) -> Ok:
    return Ok(member_json(path_member_id(ctx), ctx.user), "Member retrieved successfully")


def email_taken(ctx: Context, email: str, member_id: int | None = None) -> bool:
    """Whether another member (former ones aside) uses the address, ignoring case."""
    return any(
        same_email(m, email) and m.status != "left" and m.id != member_id
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


@endpoints("POST /members", roles=ADMIN_ROLES)
def invite_member(ctx: Context) -> Ok:
    """201 ``{user_id, invitation_link}``; accepted at once (the member is ``active``), and a
    former member invited again is the same user, active again."""
    email, firstname, lastname, role = new_person(
        ctx, lambda: ctx.input.choice("role", SETTABLE_ROLES, required=True)
    )
    member = next((m for m in ctx.ws.members.values() if same_email(m, email)), None)
    if member is None:
        member = ctx.ws.members.new(email, firstname, lastname, ctx.now, role=role)
    else:
        member.firstname, member.lastname, member.role = firstname, lastname, role
        member.status, member.updated_at = "active", ctx.now
    invitation = ctx.ws.invite(member, ctx.now)
    ctx.record("invite_member", member.id)
    data = {"user_id": member.id, "invitation_link": invitation.link}
    return Ok(data, "Member invited successfully", status=201)


@endpoints("PUT /members/{memberId}", roles=ADMIN_ROLES)
def update_member(ctx: Context) -> Ok:
    """The §3.2 fields; the owner's role stays, ``remove_avatar`` changes nothing (no
    avatars here)."""
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


@endpoints("DELETE /members/{memberId}", roles=ADMIN_ROLES)
def delete_member(ctx: Context) -> Ok:
    """Archives (``inactive``: readable, but no new work), stopping a running tracker; not
    the owner (422)."""
    member = path_member_id(ctx)
    if member.id == ctx.ws.owner_id:
        raise ApiError(422, "The workspace owner cannot be archived.")
    if member.status not in (ARCHIVED, "left"):
        ctx.ws.stop_tracker(member.id, ctx.now)
        ctx.save(member, {"status": ARCHIVED}, "archive_member")
    return Ok(None, "Member deleted successfully")
