# This file is generated from webwork_async/_async/_workspaces.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

from .._listing import Column, listed
from ..models._workspaces import Workspace
from ._pagination import Pager
from ._resource import Resource, endpoint

__all__ = ["Workspaces"]


@listed(
    "the workspaces the token's user belongs to",
    Column("id"),
    Column("name", "workspace_name"),
    Column("role"),
    Column("status"),
    needs_workspace=False,
)
class Workspaces(Resource):
    """``client.workspaces``: the workspaces the token's user belongs to."""

    @endpoint("GET /workspaces")
    def list(
        self, *, per_page: int = 100, max_items: int | None = None, concurrency: int | None = None
    ) -> Pager[Workspace]:
        """The active workspaces you are a member of (blocked and deleted ones are left out),
        each with your role and status in it.

        The one call that needs no ``workspace_id``: use it to find one::

            for workspace in client.workspaces.list():
                print(workspace.id, workspace.workspace_name, workspace.role)
        """
        return self._list("workspaces", {}, Workspace, per_page, max_items, concurrency)
