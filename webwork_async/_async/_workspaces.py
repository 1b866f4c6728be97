from __future__ import annotations

from .._listing import Column, listed
from ..models._workspaces import Workspace
from ._pagination import AsyncPager
from ._resource import AsyncResource, endpoint

__all__ = ["AsyncWorkspaces"]


@listed(
    "the workspaces the token's user belongs to",
    Column("id"),
    Column("name", "workspace_name"),
    Column("role"),
    Column("status"),
    needs_workspace=False,
)
class AsyncWorkspaces(AsyncResource):
    """``client.workspaces``: the workspaces the token's user belongs to."""

    @endpoint("GET /workspaces")
    def list(
        self, *, per_page: int = 100, max_items: int | None = None, concurrency: int | None = None
    ) -> AsyncPager[Workspace]:
        """The active workspaces you are a member of (blocked and deleted ones are left out),
        each with your role and status in it.

        The one call that needs no ``workspace_id``: use it to find one::

            async for workspace in client.workspaces.list():
                print(workspace.id, workspace.workspace_name, workspace.role)
        """
        return self._list("workspaces", {}, Workspace, per_page, max_items, concurrency)
