from __future__ import annotations

from datetime import datetime

import attrs

from ._contracts import RateType, ScreenshotMode
from ._workspaces import MemberRole, MemberStatus

__all__ = ["Member", "MemberInvitation"]


@attrs.frozen
class Member:
    """A member of a workspace.

    ``avatar`` is a file name. The rate fields (``rate``, ``rate_type``) are ``None`` unless
    you may see rates; ``rate_status`` is the member's rate visibility as sent by the server
    (1 visible, 0 hidden), also readable as :attr:`rate_visible`.
    """

    id: int
    email: str | None = None
    firstname: str | None = None
    lastname: str | None = None
    avatar: str | None = None
    current_role: MemberRole | None = None
    timezone: str | None = None
    status: MemberStatus | None = None
    team_name: str | None = None
    title: str | None = None
    rate: float | None = None
    rate_status: int | None = None
    rate_type: RateType | None = None
    screenshots: ScreenshotMode | None = None
    weekly_hours_limit: int | None = None
    is_blocked: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    @property
    def rate_visible(self) -> bool | None:
        """Whether the member's rate is visible (``rate_status == 1``); ``None`` if unknown."""
        return None if self.rate_status is None else self.rate_status == 1


@attrs.frozen
class MemberInvitation:
    """The result of inviting a member: their user id and the link that accepts the invite."""

    user_id: int
    invitation_link: str | None = None
