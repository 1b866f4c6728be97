from __future__ import annotations

from datetime import datetime

import attrs

from ._enums import OpenIntEnum, OpenStrEnum
from ._workspaces import MemberRole

__all__ = ["Contract", "ContractStatus", "RateType", "ScreenshotMode"]


class ContractStatus(OpenStrEnum):
    """Whether a contract is running."""

    ACTIVE = "active"
    PAUSED = "paused"


class ScreenshotMode(OpenStrEnum):
    """What the tracker captures for a contract.

    Projects report ``"blur"``, which is not in this list; it decodes to a pseudo-member
    (``is_custom`` is true) and cannot be sent.
    """

    FULL = "full"
    BLURRED = "blurred"
    NO_PREVIEW = "no_preview"
    NO_SCREENSHOT = "no_screenshot"
    BACKGROUND_BLURRED = "background_blurred"
    VIDEO_FULL = "video_full"
    VIDEO_BLURRED = "video_blurred"
    VIDEO_FULL_SILENT = "video_full_silent"
    VIDEO_BLURRED_SILENT = "video_blurred_silent"


class RateType(OpenIntEnum):
    """Where a contract's rate comes from: its own rate (``CUSTOM``), the member's, or the
    project's."""

    CUSTOM = 1
    MEMBER = 2
    PROJECT = 3


@attrs.frozen
class Contract:
    """A contract: a member's assignment to a project, with its limits and rate.

    ``rate`` is ``None`` unless you may see rates and the project is billable;
    ``weekly_hours_limit`` is in hours. ``screenshots_label`` is the server's wording of
    ``screenshots`` (e.g. ``"Screenshot on"``).
    """

    id: int
    project_id: int | None = None
    user_id: int | None = None
    contract_name: str | None = None
    project_name: str | None = None
    project_icon: str | None = None
    user_firstname: str | None = None
    user_lastname: str | None = None
    user_email: str | None = None
    user_role: MemberRole | None = None
    weekly_hours_limit: int | None = None
    screenshots: ScreenshotMode | None = None
    screenshots_label: str | None = None
    rate: float | None = None
    rate_type: RateType | None = None
    currency: str | None = None
    status: ContractStatus | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
