# This file is generated from webwork_async/_async/_projects.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from .._errors import InvalidRequestError
from .._types import UNSET, Unset
from .._validation import (
    check_id,
    check_max_items,
    check_per_page,
    check_text,
    project_fields,
)
from ..models import Project
from ._pagination import Pager

if TYPE_CHECKING:
    from ._client import WebWork

__all__ = ["Projects"]


class Projects:
    """``client.projects``: the workspace's projects."""

    def __init__(self, client: WebWork) -> None:
        self._client = client

    def list(
        self,
        *,
        name: str | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        workspace_id: int | None = None,
    ) -> Pager[Project]:
        """The projects you can see; ``name`` filters by a case-insensitive partial match."""
        params: dict[str, Any] = {"workspace_id": self._client._workspace(workspace_id)}
        if name is not None:
            params["name"] = check_text("name", name)
        return Pager(
            self._client,
            "projects",
            params,
            Project,
            per_page=check_per_page(per_page),
            max_items=check_max_items(max_items),
        )

    def get(self, project_id: int, *, workspace_id: int | None = None) -> Project:
        """One project."""
        envelope = self._client._request(
            "GET",
            f"projects/{check_id('project_id', project_id)}",
            params={"workspace_id": self._client._workspace(workspace_id)},
        )
        return envelope.decode(Project)

    def create(
        self,
        *,
        name: str,
        start_date: date | str | None = None,
        deadline: date | str | None = None,
        estimation: float | None = None,
        budget: float | None = None,
        notes: str | None = None,
        icon: str | None = None,
        workspace_id: int | None = None,
    ) -> Project:
        """Create a project (workspace owners and executive managers only).

        ``estimation`` is in hours; ``budget`` comes back as ``budget_estimation``;
        ``deadline`` must not be before ``start_date``. Never retried once the request may
        have reached the server.
        """
        body: dict[str, Any] = {"workspace_id": self._client._workspace(workspace_id)}
        body["name"] = check_text("name", name)
        body.update(project_fields(start_date, deadline, estimation, budget, notes, icon))
        envelope = self._client._request("POST", "projects", json=body, idempotent=False)
        return envelope.decode(Project)

    def update(
        self,
        project_id: int,
        *,
        name: str | Unset = UNSET,
        start_date: date | str | Unset | None = UNSET,
        deadline: date | str | Unset | None = UNSET,
        estimation: float | Unset | None = UNSET,
        budget: float | Unset | None = UNSET,
        notes: str | Unset | None = UNSET,
        icon: str | Unset | None = UNSET,
        workspace_id: int | None = None,
    ) -> Project:
        """Change a project. Only the fields you pass are sent; ``None`` clears a field."""
        body: dict[str, Any] = {"workspace_id": self._client._workspace(workspace_id)}
        if name is not UNSET:
            body["name"] = check_text("name", name)
        body.update(
            project_fields(start_date, deadline, estimation, budget, notes, icon, update=True)
        )
        if len(body) == 1:
            raise InvalidRequestError("update", "no field to change was given")
        envelope = self._client._request(
            "PUT", f"projects/{check_id('project_id', project_id)}", json=body
        )
        return envelope.decode(Project)

    def delete(self, project_id: int, *, workspace_id: int | None = None) -> None:
        """Archive a project."""
        self._client._request(
            "DELETE",
            f"projects/{check_id('project_id', project_id)}",
            json={"workspace_id": self._client._workspace(workspace_id)},
        )
