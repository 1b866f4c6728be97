from __future__ import annotations

from collections.abc import Sequence

from .._errors import InvalidRequestError
from .._listing import Column, listed
from .._types import UNSET, Unset
from .._validation import check_sequence, check_string_id, check_url
from ..models._webhooks import Webhook, WebhookEvent
from ._pagination import AsyncPager
from ._resource import AsyncResource, choice, endpoint

__all__ = ["AsyncWebhooks"]


def _events(events: object) -> list[str]:
    """The wire values of a non-empty sequence of documented events."""
    items = check_sequence("events", events, of="webhook events")
    if not items:
        raise InvalidRequestError("events", "must name at least one event")
    return [choice(f"events[{i}]", event, WebhookEvent) for i, event in enumerate(items)]


@listed(
    "webhook subscriptions",
    Column("id"),
    Column("url"),
    Column("events", lambda record: ", ".join(record.get("events") or ())),
)
class AsyncWebhooks(AsyncResource):
    """``client.webhooks``: URLs the server calls when tracker, member or project events
    happen. Webhook ids are opaque strings."""

    @endpoint("GET /webhooks")
    def list(
        self,
        *,
        per_page: int = 50,
        max_items: int | None = None,
        concurrency: int | None = None,
        workspace_id: int | None = None,
    ) -> AsyncPager[Webhook]:
        """The workspace's webhooks (the docs say 50 to a page).

        Returns an :class:`AsyncPager`; nothing is sent until you iterate it::

            async for webhook in client.webhooks.list():
                print(webhook.id, webhook.url, webhook.events)
        """
        params = self._scoped(workspace_id)
        return self._list("webhooks", params, Webhook, per_page, max_items, concurrency)

    @endpoint("GET /webhooks/{webhookId}")
    async def get(self, webhook_id: str, *, workspace_id: int | None = None) -> Webhook:
        """One webhook."""
        path = f"webhooks/{check_string_id('webhook_id', webhook_id)}"
        return await self._get(path, self._scoped(workspace_id), Webhook)

    @endpoint("POST /webhooks")
    async def create(
        self,
        *,
        url: str,
        events: Sequence[WebhookEvent | str],
        workspace_id: int | None = None,
    ) -> Webhook:
        """Subscribe ``url`` (an absolute http(s) URL) to ``events`` (at least one).

        Returns the webhook with its ``token``, the secret for verifying deliveries. The
        server answers 200, not 201. Never retried once the request may have reached the
        server, so a URL is not subscribed twice.
        """
        body = self._scoped(workspace_id, url=check_url("url", url), events=_events(events))
        return await self._post("webhooks", body, Webhook)

    @endpoint("PUT /webhooks/{webhookId}")
    async def update(
        self,
        webhook_id: str,
        *,
        url: str,
        events: Sequence[WebhookEvent | str] | Unset = UNSET,
        workspace_id: int | None = None,
    ) -> None:
        """Change a webhook's ``url`` (required by the API, even when unchanged) and, when
        given, its ``events`` (replacing them all).

        The server answers only ``success``: read the webhook back with :meth:`get` to see it.
        """
        path = f"webhooks/{check_string_id('webhook_id', webhook_id)}"
        body = self._scoped(workspace_id, url=check_url("url", url))
        if not isinstance(events, Unset):
            body["events"] = _events(events)
        await self._call("PUT", path, json=body)
