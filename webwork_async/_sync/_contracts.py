# This file is generated from webwork_async/_async/_contracts.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

from .._listing import Column, Option, listed
from .._types import UNSET, Unset
from .._validation import HOURS_IN_A_WEEK, check_count, check_id, check_number
from ..models._contracts import Contract, ContractStatus, ScreenshotMode
from ._pagination import Pager
from ._resource import Resource, changed, choice, endpoint, given, present

__all__ = ["Contracts"]


@listed(
    "project-member assignments",
    Column("id"),
    Column("project_id"),
    Column("project", "project_name"),
    Column("user_id"),
    Column("email", "user_email"),
    Column("status"),
    Column("weekly_hours", "weekly_hours_limit"),
    options=(
        Option("project_id", kind="id"),
        Option("user_id", kind="id"),
        Option("status", "active or paused"),
    ),
)
class Contracts(Resource):
    """``client.contracts``: project-member assignments (contracts)."""

    @endpoint("GET /contracts")
    def list(
        self,
        *,
        project_id: int | None = None,
        user_id: int | None = None,
        status: ContractStatus | str | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        concurrency: int | None = None,
        workspace_id: int | None = None,
    ) -> Pager[Contract]:
        """The contracts you may see (owners and executive managers see all; others their
        own and those of the projects or teams they manage), optionally filtered::

            for contract in client.contracts.list(project_id=100, status="active"):
                print(contract.user_id, contract.weekly_hours_limit)
        """
        params = self._scoped(
            workspace_id,
            project_id=given(check_id, "project_id", project_id),
            user_id=given(check_id, "user_id", user_id),
            status=given(choice, "status", status, ContractStatus),
        )
        return self._list("contracts", params, Contract, per_page, max_items, concurrency)

    @endpoint("GET /contracts/{contractId}")
    def get(self, contract_id: int, *, workspace_id: int | None = None) -> Contract:
        """One contract."""
        path = f"contracts/{check_id('contract_id', contract_id)}"
        return self._get(path, self._scoped(workspace_id), Contract)

    @endpoint("POST /contracts")
    def create(
        self,
        *,
        project_id: int,
        user_id: int,
        weekly_hours_limit: int | None = None,
        screenshots: ScreenshotMode | str | None = None,
        rate: float | None = None,
        workspace_id: int | None = None,
    ) -> Contract:
        """Assign a member to a project (workspace owners and executive managers only).

        What you leave out is the server's default (``weekly_hours_limit`` 168, i.e. no
        limit). ``rate`` is stored only if you may see rates. Never retried once the request
        may have reached the server, so a contract is not created twice.
        """
        body = present(
            project_id=check_id("project_id", project_id),
            user_id=check_id("user_id", user_id),
            weekly_hours_limit=given(
                check_count, "weekly_hours_limit", weekly_hours_limit, maximum=HOURS_IN_A_WEEK
            ),
            screenshots=given(choice, "screenshots", screenshots, ScreenshotMode),
            rate=given(check_number, "rate", rate),
        )
        # The newer docs put workspace_id in the query here; the older ones in the body.
        return self._post("contracts", body, Contract, params=self._scoped(workspace_id))

    @endpoint("PUT /contracts/{contractId}")
    def update(
        self,
        contract_id: int,
        *,
        weekly_hours_limit: int | Unset = UNSET,
        screenshots: ScreenshotMode | str | Unset = UNSET,
        rate: float | Unset = UNSET,
        status: ContractStatus | str | Unset = UNSET,
        workspace_id: int | None = None,
    ) -> Contract:
        """Change a contract (owners and executive managers only); pause or resume it with
        ``status``. Only the fields you pass are sent."""
        body = self._changes(
            self._scoped(workspace_id),
            weekly_hours_limit=changed(
                check_count, "weekly_hours_limit", weekly_hours_limit, maximum=HOURS_IN_A_WEEK
            ),
            screenshots=changed(choice, "screenshots", screenshots, ScreenshotMode),
            rate=changed(check_number, "rate", rate),
            status=changed(choice, "status", status, ContractStatus),
        )
        return self._put(f"contracts/{check_id('contract_id', contract_id)}", body, Contract)

    @endpoint("DELETE /contracts/{contractId}")
    def delete(self, contract_id: int, *, workspace_id: int | None = None) -> None:
        """Delete a contract (owners and executive managers only). The server keeps it as
        soft-deleted."""
        path = f"contracts/{check_id('contract_id', contract_id)}"
        self._delete(path, json=self._scoped(workspace_id))
