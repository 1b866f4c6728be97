# This file is generated from webwork_async/_async/_webhooks.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

from collections.abc import Sequence

from .._errors import InvalidRequestError
from .._listing import Column, listed
from .._validation import check_choice, check_sequence, check_string_id, check_url
from ..models._webhooks import Webhook, WebhookEvent
from ._pagination import Pager
from ._resource import Resource, endpoint

__all__ = ["Webhooks"]


def _check_events(events: object) -> list[str]:
    events = check_sequence("events", events, of="WebhookEvent values")
    if not events:
        raise InvalidRequestError("events", "must name at least one event")
    checked = [
        check_choice(f"events[{i}]", event, WebhookEvent).value for i, event in enumerate(events)
    ]
    # The same event twice is a caller's slip; sending it once means the same subscription.
    return list(dict.fromkeys(checked))


# The signing secret (``token``) is left out of the table; JSON and CSV carry it.
@listed("webhook subscriptions", Column("id"), Column("url"), Column("events"))
class Webhooks(Resource):
    """``client.webhooks``: URLs the server calls when events happen in the workspace.

    Webhook ids are opaque strings. Requests are sent as JSON (the API also takes form
    bodies for create and update).
    """

    @endpoint("GET /webhooks")
    def list(
        self,
        *,
        per_page: int = 50,
        max_items: int | None = None,
        concurrency: int | None = None,
        workspace_id: int | None = None,
    ) -> Pager[Webhook]:
        """The workspace's webhooks, as an :class:`Pager` (the older docs say 50 to a
        page; the pager follows whatever pagination the server reports)."""
        params = self._scoped(workspace_id)
        return self._list("webhooks", params, Webhook, per_page, max_items, concurrency)

    @endpoint("GET /webhooks/{webhookId}")
    def get(self, webhook_id: str, *, workspace_id: int | None = None) -> Webhook:
        """One webhook."""
        path = f"webhooks/{check_string_id('webhook_id', webhook_id)}"
        return self._get(path, self._scoped(workspace_id), Webhook)

    @endpoint("POST /webhooks")
    def create(
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

            hook = client.webhooks.create(
                url="https://example.com/hooks/webwork",
                events=[WebhookEvent.TRACKER_STARTED, WebhookEvent.TRACKER_STOPPED],
            )
        """
        body = self._scoped(workspace_id, url=check_url("url", url), events=_check_events(events))
        return self._post("webhooks", body, Webhook)

    @endpoint("PUT /webhooks/{webhookId}")
    def update(
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
        body = self._scoped(
            workspace_id,
            url=check_url("url", url),
            events=None if events is None else _check_events(events),
        )
        return self._put_echoed(f"webhooks/{webhook_id}", body, Webhook)
