"""webwork-async: an async-first, typed client for the WebWork Tracker REST API V2.

::

    from webwork_async import AsyncWebWork, WebWork

    async with AsyncWebWork(workspace_id=1) as client:      # asyncio or trio
        task = await client.tasks.get(500, project_id=100)

    with WebWork(workspace_id=1) as client:                  # plain sync code
        task = client.tasks.get(500, project_id=100)
"""

import importlib
from typing import TYPE_CHECKING

from ._async._client import AsyncWebWork
from ._async._pagination import AsyncPager
from ._bulk import BulkError, BulkInterrupted, BulkItem, BulkProgress, BulkResult, BulkStatus
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
from ._ratelimit import RateLimit
from ._response import Page
from ._types import UNSET
from ._version import __version__
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

if TYPE_CHECKING:
    from ._sync._client import WebWork
    from ._sync._pagination import Pager

# The sync twin is imported when one of its names is first used, so that async code (and
# anything that only needs the models or the errors) does not pay for it at import.
_LAZY = {"WebWork": "._sync._client", "Pager": "._sync._pagination"}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # looked up once: later reads do not come back here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
