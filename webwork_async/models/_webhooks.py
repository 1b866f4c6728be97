from __future__ import annotations

import attrs

from ._enums import OpenStrEnum

__all__ = ["Webhook", "WebhookEvent"]


class WebhookEvent(OpenStrEnum):
    """An event a webhook can subscribe to.

    The older docs list only the tracker events; the newer ones add member and project
    events. Events outside this list (a documented example shows ``task.updated``) decode to
    pseudo-members that keep their exact text (``WebhookEvent("task.updated").is_custom``),
    but only the listed events can be sent when creating or updating a webhook.
    """

    TRACKER_STARTED = "tracker.started"
    TRACKER_STOPPED = "tracker.stopped"
    MEMBER_INVITED = "member.invited"
    MEMBER_UPDATED = "member.updated"
    MEMBER_DELETED = "member.deleted"
    MEMBER_ACTIVATED = "member.activated"
    MEMBER_ARCHIVED = "member.archived"
    PROJECT_CREATED = "project.created"
    PROJECT_UPDATED = "project.updated"
    PROJECT_DELETED = "project.deleted"


@attrs.frozen
class Webhook:
    """A webhook subscription: the ``url`` called when one of its ``events`` happens.

    ``token`` is the secret for verifying deliveries (``whsec_...`` in the older docs); it is
    left out of the repr, so that logging a webhook does not log its secret. How a delivery
    is signed is not documented.
    """

    id: str
    url: str | None = None
    events: tuple[WebhookEvent, ...] = ()
    token: str | None = attrs.field(default=None, repr=False)
