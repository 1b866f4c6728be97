from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._errors import InvalidRequestError
from .._types import UNSET, Unset
from .._validation import (
    check_choice,
    check_id,
    check_max_items,
    check_number,
    check_per_page,
    check_weekly_hours,
)
from ..models._contracts import Contract, ContractStatus, ScreenshotMode
from ._pagination import AsyncPager

if TYPE_CHECKING:
    from ._client import AsyncWebWork

__all__ = ["AsyncContracts"]


class AsyncContracts:
    """``client.contracts``: project-member assignments (contracts)."""

    def __init__(self, client: AsyncWebWork) -> None:
        self._client = client

    def list(
        self,
        *,
        project_id: int | None = None,
        user_id: int | None = None,
        status: ContractStatus | str | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        workspace_id: int | None = None,
    ) -> AsyncPager[Contract]:
        """The contracts you may see (owners and executive managers see all; others their
        own and those of the projects or teams they manage), optionally filtered::

            async for contract in client.contracts.list(project_id=100, status="active"):
                print(contract.user_id, contract.weekly_hours_limit)
        """
        params: dict[str, Any] = {"workspace_id": self._client._workspace(workspace_id)}
        if project_id is not None:
            params["project_id"] = check_id("project_id", project_id)
        if user_id is not None:
            params["user_id"] = check_id("user_id", user_id)
        if status is not None:
            params["status"] = check_choice("status", status, ContractStatus).value
        return AsyncPager(
            self._client,
            "contracts",
            params,
            Contract,
            per_page=check_per_page(per_page),
            max_items=check_max_items(max_items),
        )

    async def get(self, contract_id: int, *, workspace_id: int | None = None) -> Contract:
        """One contract."""
        envelope = await self._client._request(
            "GET",
            f"contracts/{check_id('contract_id', contract_id)}",
            params={"workspace_id": self._client._workspace(workspace_id)},
        )
        return envelope.decode(Contract)

    async def create(
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
        body: dict[str, Any] = {
            "project_id": check_id("project_id", project_id),
            "user_id": check_id("user_id", user_id),
        }
        if weekly_hours_limit is not None:
            body["weekly_hours_limit"] = check_weekly_hours(weekly_hours_limit)
        if screenshots is not None:
            body["screenshots"] = check_choice("screenshots", screenshots, ScreenshotMode).value
        if rate is not None:
            body["rate"] = check_number("rate", rate)
        # The newer docs put workspace_id in the query here; the older ones in the body.
        envelope = await self._client._request(
            "POST",
            "contracts",
            params={"workspace_id": self._client._workspace(workspace_id)},
            json=body,
            idempotent=False,
        )
        return envelope.decode(Contract)

    async def update(
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
        body: dict[str, Any] = {"workspace_id": self._client._workspace(workspace_id)}
        if weekly_hours_limit is not UNSET:
            body["weekly_hours_limit"] = check_weekly_hours(weekly_hours_limit)
        if screenshots is not UNSET:
            body["screenshots"] = check_choice("screenshots", screenshots, ScreenshotMode).value
        if rate is not UNSET:
            body["rate"] = check_number("rate", rate)
        if status is not UNSET:
            body["status"] = check_choice("status", status, ContractStatus).value
        if len(body) == 1:
            raise InvalidRequestError("update", "no field to change was given")
        envelope = await self._client._request(
            "PUT", f"contracts/{check_id('contract_id', contract_id)}", json=body
        )
        return envelope.decode(Contract)

    async def delete(self, contract_id: int, *, workspace_id: int | None = None) -> None:
        """Delete a contract (owners and executive managers only). The server keeps it as
        soft-deleted."""
        await self._client._request(
            "DELETE",
            f"contracts/{check_id('contract_id', contract_id)}",
            json={"workspace_id": self._client._workspace(workspace_id)},
        )
