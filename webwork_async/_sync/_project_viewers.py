# This file is generated from webwork_async/_async/_project_viewers.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._validation import (
    check_email,
    check_id,
    check_max_items,
    check_per_page,
    check_text,
    check_viewer_id,
)
from ..models._project_viewers import ProjectViewer
from ._pagination import Pager

if TYPE_CHECKING:
    from ._client import WebWork

__all__ = ["ProjectViewers"]


class ProjectViewers:
    """``client.project_viewers``: clients with read-only access to projects.

    A viewer's id is an ``int`` in the older docs and a ``str`` in the newer ones; every
    method takes either, as :attr:`ProjectViewer.id` holds it.
    """

    def __init__(self, client: WebWork) -> None:
        self._client = client

    def list(
        self,
        *,
        email: str | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        workspace_id: int | None = None,
    ) -> Pager[ProjectViewer]:
        """The workspace's project viewers, optionally the one with ``email``.

        Each comes with the projects it may see::

            for viewer in client.project_viewers.list():
                print(viewer.email, [p.project_name for p in viewer.projects])
        """
        params: dict[str, Any] = {"workspace_id": self._client._workspace(workspace_id)}
        if email is not None:
            params["email"] = check_email("email", email)
        return Pager(
            self._client,
            "project-viewers",
            params,
            ProjectViewer,
            per_page=check_per_page(per_page),
            max_items=check_max_items(max_items),
        )

    def get(self, viewer_id: int | str, *, workspace_id: int | None = None) -> ProjectViewer:
        """One project viewer."""
        envelope = self._client._request(
            "GET",
            f"project-viewers/{check_viewer_id(viewer_id)}",
            params={"workspace_id": self._client._workspace(workspace_id)},
        )
        return envelope.decode(ProjectViewer)

    def create(
        self, *, email: str, firstname: str, lastname: str, workspace_id: int | None = None
    ) -> ProjectViewer:
        """Add a project viewer (owners and executive managers only); the server emails them
        an invitation. Give them projects with :meth:`assign_project`. Never retried once the
        request may have reached the server, so nobody is invited twice.
        """
        body = {
            "workspace_id": self._client._workspace(workspace_id),
            "email": check_email("email", email),
            "firstname": check_text("firstname", firstname),
            "lastname": check_text("lastname", lastname),
        }
        envelope = self._client._request(
            "POST", "project-viewers", json=body, idempotent=False
        )
        return envelope.decode(ProjectViewer)

    def archive(self, viewer_id: int | str, *, workspace_id: int | None = None) -> None:
        """Archive a project viewer (a soft delete); :meth:`restore` brings them back."""
        self._client._request(
            "DELETE",
            f"project-viewers/{check_viewer_id(viewer_id)}",
            json={"workspace_id": self._client._workspace(workspace_id)},
        )

    def restore(self, viewer_id: int | str, *, workspace_id: int | None = None) -> None:
        """Restore an archived project viewer."""
        self._client._request(
            "POST",
            f"project-viewers/{check_viewer_id(viewer_id)}/restore",
            json={"workspace_id": self._client._workspace(workspace_id)},
        )

    def assign_project(
        self, viewer_id: int | str, *, project_id: int, workspace_id: int | None = None
    ) -> None:
        """Let a viewer see a project."""
        self._client._request(
            "POST",
            f"project-viewers/{check_viewer_id(viewer_id)}/assign-project",
            json=self._scope(project_id, workspace_id),
        )

    def unassign_project(
        self, viewer_id: int | str, *, project_id: int, workspace_id: int | None = None
    ) -> None:
        """Stop a viewer seeing a project."""
        self._client._request(
            "DELETE",
            f"project-viewers/{check_viewer_id(viewer_id)}/unassign-project",
            json=self._scope(project_id, workspace_id),
        )

    def _scope(self, project_id: int, workspace_id: int | None) -> dict[str, Any]:
        return {
            "workspace_id": self._client._workspace(workspace_id),
            "project_id": check_id("project_id", project_id),
        }
