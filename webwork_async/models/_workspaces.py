from __future__ import annotations

from datetime import datetime

import attrs

from ._enums import OpenStrEnum

__all__ = ["MemberRole", "MemberStatus", "Workspace"]


class MemberRole(OpenStrEnum):
    """A user's role in a workspace (``Workspace.role``, ``Member.current_role``,
    ``Contract.user_role``).

    ``CLIENT`` appears only as a contract's ``user_role``. Members can be listed by any of the
    other six roles, and invited or updated to any of them except ``OWNER``. A role the docs
    do not list decodes to a pseudo-member that keeps its text (``is_custom`` is true).
    """

    OWNER = "Owner"
    EXECUTIVE_MANAGER = "Executive manager"
    TEAM_MANAGER = "Team manager"
    PROJECT_MANAGER = "Project manager"
    REGULAR_USER = "Regular User"
    PROJECT_VIEWER = "Project viewer"
    CLIENT = "Client"


class MemberStatus(OpenStrEnum):
    """A user's membership status in a workspace; project viewers use the first three."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    LEFT = "left"
    UNKNOWN = "unknown"


@attrs.frozen
class Workspace:
    """A workspace the token's user belongs to, with that user's place in it.

    ``user_id`` is the token's user; ``role`` and ``status`` are that user's in this
    workspace. ``activated_at`` comes without a time zone (``"2025-02-19 19:24:55"``) and is
    read as UTC, like every timestamp.
    """

    id: int
    owner_id: int | None = None
    user_id: int | None = None
    workspace_name: str | None = None
    role: MemberRole | None = None
    status: MemberStatus | None = None
    created_at: datetime | None = None
    activated_at: datetime | None = None
