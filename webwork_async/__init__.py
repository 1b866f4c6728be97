"""webwork-async: an async-first, typed client for the WebWork Tracker REST API V2.

::

    from webwork_async import AsyncWebWork, WebWork

    async with AsyncWebWork(workspace_id=1) as client:      # asyncio or trio
        task = await client.tasks.get(500, project_id=100)

    with WebWork(workspace_id=1) as client:                  # plain sync code
        task = client.tasks.get(500, project_id=100)
"""

from typing import TYPE_CHECKING

from ._async._client import AsyncWebWork
from ._async._pagination import AsyncPager
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConflictError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RateStoreError,
    ResponseDecodeError,
    TokenProviderError,
    UnprocessableEntityError,
    WebWorkError,
)
from ._lazy import lazy_names
from ._ratelimit import RateLimit
from ._response import Page
from ._types import UNSET
from ._version import __version__

if TYPE_CHECKING:
    from ._bulk import BulkError, BulkInterrupted, BulkItem, BulkProgress, BulkResult, BulkStatus
    from ._sync._client import WebWork
    from ._sync._pagination import Pager
    from .models import (
        Assignee,
        Project,
        ProjectTag,
        Task,
        TaskAssignment,
        TaskPriority,
        TaskStatus,
        TrackerStarted,
        TrackerStopped,
    )
else:
    # Imported when first named, so that async code (and anything that only needs the client
    # or the errors) pays neither for the sync twin nor for building the model classes.
    __getattr__, __dir__ = lazy_names(
        __name__,
        {
            "Assignee": ".models",
            "BulkError": "._bulk",
            "BulkInterrupted": "._bulk",
            "BulkItem": "._bulk",
            "BulkProgress": "._bulk",
            "BulkResult": "._bulk",
            "BulkStatus": "._bulk",
            "Pager": "._sync._pagination",
            "Project": ".models",
            "ProjectTag": ".models",
            "Task": ".models",
            "TaskAssignment": ".models",
            "TaskPriority": ".models",
            "TaskStatus": ".models",
            "TrackerStarted": ".models",
            "TrackerStopped": ".models",
            "WebWork": "._sync._client",
        },
    )

__all__ = [
    "UNSET",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "Assignee",
    "AsyncPager",
    "AsyncWebWork",
    "AuthenticationError",
    "BadRequestError",
    "BulkError",
    "BulkInterrupted",
    "BulkItem",
    "BulkProgress",
    "BulkResult",
    "BulkStatus",
    "ClientClosedError",
    "ConflictError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "Page",
    "Pager",
    "PermissionDeniedError",
    "Project",
    "RateLimit",
    "ProjectTag",
    "RateLimitError",
    "RateStoreError",
    "ResponseDecodeError",
    "Task",
    "TaskAssignment",
    "TaskPriority",
    "TaskStatus",
    "TokenProviderError",
    "TrackerStarted",
    "TrackerStopped",
    "UnprocessableEntityError",
    "WebWork",
    "WebWorkError",
    "__version__",
]
