from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._validation import (
    check_events,
    check_max_items,
    check_per_page,
    check_string_id,
    check_url,
)
from ..models._webhooks import Webhook, WebhookEvent
from ._pagination import AsyncPager

if TYPE_CHECKING:
    from ._client import AsyncWebWork

__all__ = ["AsyncWebhooks"]


class AsyncWebhooks:
    """``client.webhooks``: URLs the server calls when events happen in the workspace.

    Webhook ids are opaque strings. Requests are sent as JSON (the API also takes form
    bodies for create and update).
    """

    def __init__(self, client: AsyncWebWork) -> None:
        self._client = client

    def list(
        self,
        *,
        per_page: int = 50,
        max_items: int | None = None,
        workspace_id: int | None = None,
    ) -> AsyncPager[Webhook]:
        """The workspace's webhooks, as an :class:`AsyncPager` (the older docs say 50 to a
        page; the pager follows whatever pagination the server reports)."""
        return AsyncPager(
            self._client,
            "webhooks",
            {"workspace_id": self._client._workspace(workspace_id)},
            Webhook,
            per_page=check_per_page(per_page),
            max_items=check_max_items(max_items),
        )

    async def get(self, webhook_id: str, *, workspace_id: int | None = None) -> Webhook:
        """One webhook."""
        envelope = await self._client._request(
            "GET",
            f"webhooks/{check_string_id('webhook_id', webhook_id)}",
            params={"workspace_id": self._client._workspace(workspace_id)},
        )
        return envelope.decode(Webhook)

    async def create(
        self,
        *,
        url: str,
        events: Sequence[WebhookEvent | str],
        workspace_id: int | None = None,
    ) -> Webhook:
        """Subscribe ``url`` (http or https) to one or more ``events``.

        Only the documented :class:`WebhookEvent` members can be subscribed to. The returned
        webhook carries the ``token`` for verifying deliveries. Never retried once the
        request may have reached the server, so the subscription is not made twice::

            hook = await client.webhooks.create(
                url="https://example.com/hooks/webwork",
                events=[WebhookEvent.TRACKER_STARTED, WebhookEvent.TRACKER_STOPPED],
            )
        """
        body: dict[str, Any] = {
            "workspace_id": self._client._workspace(workspace_id),
            "url": check_url("url", url),
            "events": check_events(events),
        }
        envelope = await self._client._request("POST", "webhooks", json=body, idempotent=False)
        return envelope.decode(Webhook)

    async def update(
        self,
        webhook_id: str,
        *,
        url: str,
        events: Sequence[WebhookEvent | str] | None = None,
        workspace_id: int | None = None,
    ) -> Webhook | None:
        """Change a webhook: ``url`` is always required; ``events``, when given, replaces
        the subscribed events.

        The docs describe only ``{"success": true}`` as the response, so this returns the
        webhook when the server sends it back, else ``None``.
        """
        webhook_id = check_string_id("webhook_id", webhook_id)
        body: dict[str, Any] = {
            "workspace_id": self._client._workspace(workspace_id),
            "url": check_url("url", url),
        }
        if events is not None:
            body["events"] = check_events(events)
        envelope = await self._client._request("PUT", f"webhooks/{webhook_id}", json=body)
        data = envelope.data_object()
        if data is not None and data.get("id") is not None:
            return envelope.decode(Webhook)
        return None
