# This file is generated from webwork_async/_async/_members.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

from .._listing import Column, Option, Record, listed
from .._types import UNSET, Unset
from .._validation import (
    HOURS_IN_A_WEEK,
    check_bool,
    check_count,
    check_email,
    check_id,
    check_role,
    check_text,
)
from ..models._members import Member, MemberInvitation
from ..models._workspaces import MemberRole, MemberStatus
from ._pagination import Pager
from ._resource import Resource, changed, choice, endpoint, given

__all__ = ["Members"]


# The roles members have; `Client` is only ever a contract's user role.
_MEMBER_ROLES = (
    MemberRole.OWNER,
    MemberRole.EXECUTIVE_MANAGER,
    MemberRole.TEAM_MANAGER,
    MemberRole.PROJECT_MANAGER,
    MemberRole.REGULAR_USER,
    MemberRole.PROJECT_VIEWER,
)
# The roles a member can be given: nobody is invited or promoted to owner.
_SETTABLE_ROLES = _MEMBER_ROLES[1:]


def _flag(value: bool | Unset) -> int | Unset:
    """The API's 1/0 for a boolean that was passed."""
    return value if value is UNSET else int(value)


def _name(record: Record) -> object:
    return " ".join(p for p in (record.get("firstname"), record.get("lastname")) if p)


@listed(
    "the workspace's members",
    Column("id"),
    Column("email"),
    Column("name", _name),
    Column("role", "current_role"),
    Column("status"),
    options=(Option("email", "exact email"), Option("status", "active, inactive, left")),
)
class Members(Resource):
    """``client.members``: the members of a workspace."""

    @endpoint("GET /members")
    def list(
        self,
        *,
        email: str | None = None,
        status: MemberStatus | str | None = None,
        role: MemberRole | str | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        concurrency: int | None = None,
        workspace_id: int | None = None,
    ) -> Pager[Member]:
        """The workspace's members you may see, optionally filtered.

        ``email`` matches exactly. Rates are ``None`` unless you may see them::

            for member in client.members.list(role=MemberRole.PROJECT_MANAGER):
                print(member.id, member.email)
        """
        params = self._scoped(
            workspace_id,
            email=given(check_email, "email", email),
            status=given(choice, "status", status, MemberStatus),
            role=None if role is None else check_role(role, _MEMBER_ROLES).value,
        )
        return self._list("members", params, Member, per_page, max_items, concurrency)

    @endpoint("GET /members/{memberId}")
    def get(self, member_id: int, *, workspace_id: int | None = None) -> Member:
        """One member."""
        path = f"members/{check_id('member_id', member_id)}"
        return self._get(path, self._scoped(workspace_id), Member)

    @endpoint("POST /members")
    def invite(
        self,
        *,
        email: str,
        firstname: str,
        lastname: str,
        role: MemberRole | str,
        workspace_id: int | None = None,
    ) -> MemberInvitation:
        """Invite someone to the workspace; the server emails them an invitation.

        ``role`` is any role but ``OWNER`` (and ``CLIENT``, which is not a member role).
        Returns the new user's id and the invitation link. Never retried once the request
        may have reached the server, so nobody is invited twice.
        """
        body = {
            "email": check_email("email", email),
            "firstname": check_text("firstname", firstname),
            "lastname": check_text("lastname", lastname),
            "role": check_role(role, _SETTABLE_ROLES).value,
        }
        # The newer docs put workspace_id in the query here; the older ones in the body.
        scope = self._scoped(workspace_id)
        return self._post("members", body, MemberInvitation, params=scope)

    @endpoint("PUT /members/{memberId}")
    def update(
        self,
        member_id: int,
        *,
        email: str | Unset = UNSET,
        firstname: str | Unset = UNSET,
        lastname: str | Unset = UNSET,
        timezone: str | Unset = UNSET,
        role: MemberRole | str | Unset = UNSET,
        rate_visible: bool | Unset = UNSET,
        weekly_hours_limit: int | Unset = UNSET,
        remove_avatar: bool | Unset = UNSET,
        workspace_id: int | None = None,
    ) -> Member | None:
        """Change a member. Only the fields you pass are sent.

        ``timezone`` is an IANA name such as ``"America/New_York"``; ``role`` is any role but
        ``OWNER``; ``rate_visible`` shows or hides the member's rate (sent as ``rate_status``
        1/0); ``weekly_hours_limit`` is in hours (0 to 168); ``remove_avatar=True`` deletes
        the avatar. Returns the updated member when the server sends it back, else ``None``
        (the docs allow ``data: null``).
        """
        body = self._changes(
            self._scoped(workspace_id),
            email=changed(check_email, "email", email),
            firstname=changed(check_text, "firstname", firstname),
            lastname=changed(check_text, "lastname", lastname),
            timezone=changed(check_text, "timezone", timezone),
            role=UNSET if role is UNSET else check_role(role, _SETTABLE_ROLES).value,
            rate_status=_flag(changed(check_bool, "rate_visible", rate_visible)),
            weekly_hours_limit=changed(
                check_count, "weekly_hours_limit", weekly_hours_limit, maximum=HOURS_IN_A_WEEK
            ),
            remove_avatar=_flag(changed(check_bool, "remove_avatar", remove_avatar)),
        )
        path = f"members/{check_id('member_id', member_id)}"
        return self._put_echoed(path, body, Member)

    @endpoint("DELETE /members/{memberId}")
    def archive(self, member_id: int, *, workspace_id: int | None = None) -> None:
        """Remove a member from the workspace: the docs' "Delete (Archive) Member", which
        archives the member rather than erasing them."""
        path = f"members/{check_id('member_id', member_id)}"
        self._delete(path, params=self._scoped(workspace_id))
