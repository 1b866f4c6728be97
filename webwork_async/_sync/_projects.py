# This file is generated from webwork_async/_async/_projects.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

from datetime import date

from .._listing import Column, Option, listed
from .._types import UNSET, Unset
from .._validation import check_id, check_text, project_fields
from ..models import Project
from ._pagination import Pager
from ._resource import Resource, changed, endpoint, given

__all__ = ["Projects"]


@listed(
    "the workspace's projects",
    Column("id"),
    Column("name"),
    Column("status"),
    Column("contracts", "contracts_count"),
    Column("start_date"),
    Column("deadline"),
    options=(Option("name", "filter by a case-insensitive partial match"),),
)
class Projects(Resource):
    """``client.projects``: the workspace's projects.

    Create and update send ``workspace_id`` in the query string, as the newest
    documentation's examples do (the older pages put it in the JSON body).
    """

    @endpoint("GET /projects")
    def list(
        self,
        *,
        name: str | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        concurrency: int | None = None,
        workspace_id: int | None = None,
    ) -> Pager[Project]:
        """The projects you can see; ``name`` filters by a case-insensitive partial match."""
        params = self._scoped(workspace_id, name=given(check_text, "name", name))
        return self._list("projects", params, Project, per_page, max_items, concurrency)

    @endpoint("GET /projects/{projectId}")
    def get(self, project_id: int, *, workspace_id: int | None = None) -> Project:
        """One project."""
        path = f"projects/{check_id('project_id', project_id)}"
        return self._get(path, self._scoped(workspace_id), Project)

    @endpoint("POST /projects")
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
        scope = self._scoped(workspace_id)
        body = {
            "name": check_text("name", name),
            **project_fields(start_date, deadline, estimation, budget, notes, icon),
        }
        return self._post("projects", body, Project, params=scope)

    @endpoint("PUT /projects/{projectId}")
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
        path = f"projects/{check_id('project_id', project_id)}"
        scope = self._scoped(workspace_id)
        body = self._changes(
            {},
            name=changed(check_text, "name", name),
            **project_fields(start_date, deadline, estimation, budget, notes, icon, update=True),
        )
        envelope = self._call("PUT", path, params=scope, json=body)
        return envelope.decode(Project)

    @endpoint("DELETE /projects/{projectId}")
    def delete(self, project_id: int, *, workspace_id: int | None = None) -> None:
        """Archive a project."""
        path = f"projects/{check_id('project_id', project_id)}"
        self._delete(path, json=self._scoped(workspace_id))
