from __future__ import annotations

import attrs

from ._enums import OpenStrEnum

__all__ = ["Webhook", "WebhookEvent"]


class WebhookEvent(OpenStrEnum):
    """What a webhook subscribes to.

    The older docs list only the tracker events; the newer ones add member and project
    events. An event the server grows (an example shows ``task.updated``, in no list) decodes
    as a custom member instead of failing, but cannot be subscribed to.
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
    """A webhook subscription: the server calls ``url`` when one of ``events`` happens.

    ``id`` is an opaque ("encoded") string. ``token`` is the secret for verifying deliveries
    (the docs show ``whsec_...``); it is left out of the model's repr so that it does not end
    up in a log line.
    """

    id: str
    url: str | None = None
    events: tuple[WebhookEvent, ...] = ()
    token: str | None = attrs.field(default=None, repr=False)
