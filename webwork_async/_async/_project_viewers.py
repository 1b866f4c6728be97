from __future__ import annotations

from typing import Any

from .._validation import (
    check_email,
    check_id,
    check_text,
    check_viewer_id,
)
from ..models._project_viewers import ProjectViewer
from ._pagination import AsyncPager
from ._resource import AsyncResource, endpoint, given

__all__ = ["AsyncProjectViewers"]


class AsyncProjectViewers(AsyncResource):
    """``client.project_viewers``: clients with read-only access to projects.

    A viewer's id is an ``int`` in the older docs and a ``str`` in the newer ones; every
    method takes either, as :attr:`ProjectViewer.id` holds it.
    """

    @endpoint("GET /project-viewers")
    def list(
        self,
        *,
        email: str | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        concurrency: int | None = None,
        workspace_id: int | None = None,
    ) -> AsyncPager[ProjectViewer]:
        """The workspace's project viewers, optionally the one with ``email``.

        Each comes with the projects it may see::

            async for viewer in client.project_viewers.list():
                print(viewer.email, [p.project_name for p in viewer.projects])
        """
        params = self._scoped(workspace_id, email=given(check_email, "email", email))
        return self._list(
            "project-viewers", params, ProjectViewer, per_page, max_items, concurrency
        )

    @endpoint("GET /project-viewers/{viewerId}")
    async def get(self, viewer_id: int | str, *, workspace_id: int | None = None) -> ProjectViewer:
        """One project viewer."""
        path = f"project-viewers/{check_viewer_id(viewer_id)}"
        return await self._get(path, self._scoped(workspace_id), ProjectViewer)

    @endpoint("POST /project-viewers")
    async def create(
        self, *, email: str, firstname: str, lastname: str, workspace_id: int | None = None
    ) -> ProjectViewer:
        """Add a project viewer (owners and executive managers only); the server emails them
        an invitation. Give them projects with :meth:`assign_project`. Never retried once the
        request may have reached the server, so nobody is invited twice.
        """
        body = self._scoped(
            workspace_id,
            email=check_email("email", email),
            firstname=check_text("firstname", firstname),
            lastname=check_text("lastname", lastname),
        )
        return await self._post("project-viewers", body, ProjectViewer)

    @endpoint("DELETE /project-viewers/{viewerId}")
    async def archive(self, viewer_id: int | str, *, workspace_id: int | None = None) -> None:
        """Archive a project viewer (a soft delete); :meth:`restore` brings them back."""
        path = f"project-viewers/{check_viewer_id(viewer_id)}"
        await self._delete(path, json=self._scoped(workspace_id))

    @endpoint("POST /project-viewers/{viewerId}/restore")
    async def restore(self, viewer_id: int | str, *, workspace_id: int | None = None) -> None:
        """Restore an archived project viewer."""
        path = f"project-viewers/{check_viewer_id(viewer_id)}/restore"
        await self._call("POST", path, json=self._scoped(workspace_id))

    @endpoint("POST /project-viewers/{viewerId}/assign-project")
    async def assign_project(
        self, viewer_id: int | str, *, project_id: int, workspace_id: int | None = None
    ) -> None:
        """Let a viewer see a project."""
        path = f"project-viewers/{check_viewer_id(viewer_id)}/assign-project"
        await self._call("POST", path, json=self._scope(project_id, workspace_id))

    @endpoint("DELETE /project-viewers/{viewerId}/unassign-project")
    async def unassign_project(
        self, viewer_id: int | str, *, project_id: int, workspace_id: int | None = None
    ) -> None:
        """Stop a viewer seeing a project."""
        path = f"project-viewers/{check_viewer_id(viewer_id)}/unassign-project"
        await self._delete(path, json=self._scope(project_id, workspace_id))

    def _scope(self, project_id: int, workspace_id: int | None) -> dict[str, Any]:
        return self._scoped(workspace_id, project_id=check_id("project_id", project_id))
