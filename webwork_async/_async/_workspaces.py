from __future__ import annotations

from typing import TYPE_CHECKING

from .._validation import check_max_items, check_per_page
from ..models._workspaces import Workspace
from ._pagination import AsyncPager

if TYPE_CHECKING:
    from ._client import AsyncWebWork

__all__ = ["AsyncWorkspaces"]


class AsyncWorkspaces:
    """``client.workspaces``: the workspaces the token's user belongs to."""

    def __init__(self, client: AsyncWebWork) -> None:
        self._client = client

    def list(self, *, per_page: int = 100, max_items: int | None = None) -> AsyncPager[Workspace]:
        """The active workspaces you are a member of (blocked and deleted ones are left out),
        each with your role and status in it.

        The one call that needs no ``workspace_id``: use it to find one::

            async for workspace in client.workspaces.list():
                print(workspace.id, workspace.workspace_name, workspace.role)
        """
        return AsyncPager(
            self._client,
            "workspaces",
            {},
            Workspace,
            per_page=check_per_page(per_page),
            max_items=check_max_items(max_items),
        )
