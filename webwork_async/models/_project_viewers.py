from __future__ import annotations

from datetime import datetime

import attrs

from ._workspaces import MemberStatus

__all__ = ["ProjectViewer", "ViewerProject"]


@attrs.frozen
class ViewerProject:
    """A project a viewer may see."""

    project_id: int
    project_name: str | None = None


@attrs.frozen
class ProjectViewer:
    """An external user with read-only access to some projects.

    ``id`` is the viewer's user id: an ``int`` in the older docs, a ``str`` in the newer ones,
    kept as the server sent it. ``status`` is ``active``, ``inactive`` or ``left``.
    """

    id: int | str
    email: str | None = None
    firstname: str | None = None
    lastname: str | None = None
    status: MemberStatus | None = None
    member_since: datetime | None = None
    projects: tuple[ViewerProject, ...] = ()
