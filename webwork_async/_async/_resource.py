"""What every resource (``client.tasks``, ``client.projects``, ...) shares: workspace scoping,
leaving out what the caller did not pass, the "nothing to change" check, which calls are
retried, pager creation and decoding.

A resource method then reads as: validate its own arguments, name the method, the path and
the fields, return the model::

    async def get(self, project_id: int, *, workspace_id: int | None = None) -> Project:
        path = f"projects/{check_id('project_id', project_id)}"
        return await self._get(path, self._scoped(workspace_id), Project)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Concatenate, Final, Generic, ParamSpec, TypeVar

from .._errors import InvalidRequestError
from .._types import UNSET, Unset
from .._validation import (
    check_choice,
    check_count,
    check_date,
    check_date_order,
    check_max_items,
    check_per_page,
)
from ..models._enums import OpenStrEnum
from ._pagination import AsyncPager
from ._requester import AsyncRequester

__all__ = [
    "AsyncResource",
    "changed",
    "choice",
    "clearable",
    "date_bounds",
    "endpoint",
    "endpoint_of",
    "given",
    "gone_is_success",
    "present",
    "retried",
]

T = TypeVar("T")
S = TypeVar("S")
R = TypeVar("R")
P = ParamSpec("P")
F = TypeVar("F", bound=Callable[..., Any])

_METHODS = ("GET", "POST", "PUT", "DELETE")


def endpoint(key: str) -> Callable[[F], F]:
    """Declares the documented endpoint a resource method calls, as the API reference spells
    it, once, beside the method: ``@endpoint("GET /webhooks/{webhookId}")``. It only records
    the string on the function (read it with :func:`endpoint_of`): ``scripts/unasync.py``
    writes docs/coverage.md from it, and a test checks that the method sends just that."""
    method, _, path = key.partition(" ")
    if method not in _METHODS or not path.startswith("/"):
        raise ValueError(f"endpoint must read 'METHOD /path', not {key!r}")

    def declare(function: F) -> F:
        vars(function)["_endpoint"] = key
        return function

    return declare


def endpoint_of(function: object) -> str | None:
    """The endpoint a resource method declares with :func:`endpoint`, if it does."""
    key: str | None = getattr(function, "_endpoint", None)
    return key


# GET, PUT and DELETE are retried after a transient failure: sending them twice leaves the
# server as sending them once. A POST is not, unless it is listed here with the reason a
# repeat changes nothing. `{}` stands for one path segment (an id).
_REPEATABLE_POSTS: dict[str, str] = {
    "tasks/{}/assign/{}": "assigning a member who is already assigned changes nothing",
    "project-viewers/{}/restore": "restoring a viewer who is not archived changes nothing",
    "project-viewers/{}/assign-project": "giving a viewer a project they see changes nothing",
    "time-requests/{}/reject": (
        "rejecting adds no time, and a second reject of the same request is refused (422); "
        "approving, which adds time, is not listed"
    ),
}


def _any_of(paths: dict[str, str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(path).replace(r"\{\}", "[^/]+") for path in paths))


_REPEATABLE = _any_of(_REPEATABLE_POSTS)


# A DELETE retried after an attempt that may have been applied, and then answered 404, has
# done what was asked: the thing is gone. Except where the 404 may mean something else:
_GONE_IS_NOT_SUCCESS: dict[str, str] = {
    "tasks/{}/unassign/{}": (
        "a 404 may be 'task not found' as well as 'user is not assigned'; the API documents no "
        "answer for a repeated unassign, so bulk jobs settle it by reading the assignees back"
    ),
}
_NOT_GONE = _any_of(_GONE_IS_NOT_SUCCESS)


def retried(method: str, path: str) -> bool:
    """Whether a call may be sent again after a failure that may have reached the server."""
    return method != "POST" or _REPEATABLE.fullmatch(path) is not None


def gone_is_success(method: str, path: str) -> bool:
    """Whether a 404 to a retry after a possibly applied attempt means the call succeeded."""
    return method == "DELETE" and _NOT_GONE.fullmatch(path) is None


def present(**fields: Any) -> dict[str, Any]:
    """The fields that are not None: what the caller left out is not sent."""
    return {name: value for name, value in fields.items() if value is not None}


def choice(field: str, value: object, enum: type[OpenStrEnum]) -> str:
    """The wire value of one of ``enum``'s members, given as the member or its value."""
    return str(check_choice(field, value, enum).value)


def date_bounds(
    first_name: str, first: object, last_name: str, last: object
) -> dict[str, str | None]:
    """An optional date range filter: each bound checked (``None`` when left out), the first
    not after the last, as ISO dates keyed by their names."""
    start = None if first is None else check_date(first_name, first)
    end = None if last is None else check_date(last_name, last)
    check_date_order(first_name, start, last_name, end)
    return {
        first_name: None if start is None else start.isoformat(),
        last_name: None if end is None else end.isoformat(),
    }


class _CheckedUnless(Generic[S]):
    """``check(name, value, *args, **kwargs)``, unless ``value`` is one of the values this
    one passes through as they are: an argument left out stays left out (or, for a nullable
    field, ``None`` is sent to clear it). One piece serves :data:`given`, :data:`changed` and
    :data:`clearable`; they differ only in what they pass through."""

    __slots__ = ("_through",)

    def __init__(self, *through: S) -> None:
        self._through = through

    def __call__(
        self,
        check: Callable[Concatenate[str, Any, P], R],
        name: str,
        value: object,
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R | S:
        for passed_through in self._through:
            if value is passed_through:
                return passed_through
        return check(name, value, *args, **kwargs)


given: Final[_CheckedUnless[None]] = _CheckedUnless(None)
"""``check(name, value)``, or ``None`` (left out of the request) when ``value`` is."""

changed: Final[_CheckedUnless[Unset]] = _CheckedUnless(UNSET)
"""``check(name, value)``, or ``UNSET`` (not sent) when the caller did not pass it."""

clearable: Final[_CheckedUnless[Unset | None]] = _CheckedUnless(UNSET, None)
"""Like :data:`changed`, but ``None`` is sent as it is: it clears the field."""


class AsyncResource:
    """The base of every resource: it reaches the client only through the client's
    internal API (:class:`AsyncRequester`), which the client hands it."""

    def __init__(self, api: AsyncRequester) -> None:
        self._api = api
        # Send one request and return the unwrapped envelope; the client retries it as
        # retried() and gone_is_success() say.
        self._call = api.request

    def _scoped(self, workspace_id: int | None, /, **fields: Any) -> dict[str, Any]:
        """The workspace (the call's, else the client's), then the fields that are not None."""
        return {"workspace_id": self._api.workspace(workspace_id), **present(**fields)}

    @staticmethod
    def _changes(scope: dict[str, Any], /, **fields: Any) -> dict[str, Any]:
        """An update's body: ``scope``, then the fields passed (``None`` clears a field).

        Raises the "nothing to change" error when no field was passed.
        """
        changes = {name: value for name, value in fields.items() if value is not UNSET}
        if not changes:
            raise InvalidRequestError("update", "no field to change was given")
        return {**scope, **changes}

    async def _get(self, path: str, params: dict[str, Any], cast_to: type[T]) -> T:
        return (await self._call("GET", path, params=params)).decode(cast_to)

    async def _post(
        self,
        path: str,
        json: dict[str, Any],
        cast_to: type[T],
        *,
        params: dict[str, Any] | None = None,
    ) -> T:
        """``params`` for the creates whose newer docs put ``workspace_id`` in the query."""
        return (await self._call("POST", path, params=params, json=json)).decode(cast_to)

    async def _put(self, path: str, json: dict[str, Any], cast_to: type[T]) -> T:
        return (await self._call("PUT", path, json=json)).decode(cast_to)

    async def _put_echoed(self, path: str, json: dict[str, Any], cast_to: type[T]) -> T | None:
        """An update whose answer may or may not carry the updated item (the docs allow
        ``data: null``, or show only ``{"success": true}``): the item when it is sent back
        (an object with an ``id``), else None."""
        envelope = await self._call("PUT", path, json=json)
        return envelope.decode_object(cast_to, requires="id")

    async def _delete(
        self,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
    ) -> None:
        await self._call("DELETE", path, params=params, json=json)

    def _list(
        self,
        path: str,
        params: dict[str, Any],
        item_type: type[T],
        per_page: int | None,
        max_items: int | None,
        concurrency: int | None,
        /,
        *,
        max_per_page: int | None = None,
    ) -> AsyncPager[T]:
        """A pager over ``path``, given the paging arguments every list method takes and
        passes on as they are (``per_page``, ``max_items``, ``concurrency``);
        ``max_per_page`` when the endpoint allows fewer than 100; ``per_page`` None for an
        endpoint that takes none (the server's page size applies).

        ``concurrency`` is the pages it keeps in flight (the client's ``page_concurrency``
        when None); the pager checks it when it is made, before anything is sent.
        """
        if per_page is not None and max_per_page is None:
            per_page = check_per_page(per_page)
        elif per_page is not None:
            per_page = check_count("per_page", per_page, minimum=1, maximum=max_per_page)
        return AsyncPager(
            self._api,
            path,
            params,
            item_type,
            per_page=per_page,
            max_items=check_max_items(max_items),
            concurrency=concurrency,
        )
