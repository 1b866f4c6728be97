"""webwork-async: an async-first, typed client for the WebWork Tracker REST API V2.

::

    from webwork_async import AsyncWebWork, WebWork

    async with AsyncWebWork(workspace_id=1) as client:      # asyncio or trio
        task = await client.tasks.get(500, project_id=100)

    with WebWork(workspace_id=1) as client:                  # plain sync code
        task = client.tasks.get(500, project_id=100)
"""

from ._async._client import AsyncWebWork
from ._async._pagination import AsyncPager
from ._base import Page
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
    ResponseDecodeError,
    TokenProviderError,
    UnprocessableEntityError,
    WebWorkError,
)
from ._ratelimit import RateLimit
from ._sync._client import WebWork
from ._sync._pagination import Pager
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
