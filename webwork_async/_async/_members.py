from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._errors import InvalidRequestError
from .._types import UNSET, Unset
from .._validation import (
    check_bool,
    check_choice,
    check_count,
    check_email,
    check_id,
    check_max_items,
    check_per_page,
    check_role,
    check_text,
)
from ..models._members import Member, MemberInvitation
from ..models._workspaces import MemberRole, MemberStatus
from ._pagination import AsyncPager

if TYPE_CHECKING:
    from ._client import AsyncWebWork

__all__ = ["AsyncMembers"]


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


class AsyncMembers:
    """``client.members``: the members of a workspace."""

    def __init__(self, client: AsyncWebWork) -> None:
        self._client = client

    def list(
        self,
        *,
        email: str | None = None,
        status: MemberStatus | str | None = None,
        role: MemberRole | str | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        workspace_id: int | None = None,
    ) -> AsyncPager[Member]:
        """The workspace's members you may see, optionally filtered.

        ``email`` matches exactly. Rates are ``None`` unless you may see them::

            async for member in client.members.list(role=MemberRole.PROJECT_MANAGER):
                print(member.id, member.email)
        """
        params: dict[str, Any] = {"workspace_id": self._client._workspace(workspace_id)}
        if email is not None:
            params["email"] = check_email("email", email)
        if status is not None:
            params["status"] = check_choice("status", status, MemberStatus).value
        if role is not None:
            params["role"] = check_role(role, _MEMBER_ROLES).value
        return AsyncPager(
            self._client,
            "members",
            params,
            Member,
            per_page=check_per_page(per_page),
            max_items=check_max_items(max_items),
        )

    async def get(self, member_id: int, *, workspace_id: int | None = None) -> Member:
        """One member."""
        envelope = await self._client._request(
            "GET",
            f"members/{check_id('member_id', member_id)}",
            params={"workspace_id": self._client._workspace(workspace_id)},
        )
        return envelope.decode(Member)

    async def invite(
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
        envelope = await self._client._request(
            "POST",
            "members",
            params={"workspace_id": self._client._workspace(workspace_id)},
            json=body,
            idempotent=False,
        )
        return envelope.decode(MemberInvitation)

    async def update(
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
        body: dict[str, Any] = {"workspace_id": self._client._workspace(workspace_id)}
        if email is not UNSET:
            body["email"] = check_email("email", email)
        for name, text in (("firstname", firstname), ("lastname", lastname)):
            if text is not UNSET:
                body[name] = check_text(name, text)
        if timezone is not UNSET:
            body["timezone"] = check_text("timezone", timezone)
        if role is not UNSET:
            body["role"] = check_role(role, _SETTABLE_ROLES).value
        if rate_visible is not UNSET:
            body["rate_status"] = int(check_bool("rate_visible", rate_visible))
        if weekly_hours_limit is not UNSET:
            body["weekly_hours_limit"] = check_count(
                "weekly_hours_limit", weekly_hours_limit, maximum=168
            )
        if remove_avatar is not UNSET:
            body["remove_avatar"] = int(check_bool("remove_avatar", remove_avatar))
        if len(body) == 1:
            raise InvalidRequestError("update", "no field to change was given")
        envelope = await self._client._request(
            "PUT", f"members/{check_id('member_id', member_id)}", json=body
        )
        data = envelope.data_object()
        if data is not None and data.get("id") is not None:
            return envelope.decode(Member)
        return None

    async def archive(self, member_id: int, *, workspace_id: int | None = None) -> None:
        """Remove a member from the workspace: the docs' "Delete (Archive) Member", which
        archives the member rather than erasing them."""
        await self._client._request(
            "DELETE",
            f"members/{check_id('member_id', member_id)}",
            params={"workspace_id": self._client._workspace(workspace_id)},
        )
