"""Messages that name the fix when the async client is used as if it were sync (and back).

Without these, ``with AsyncWebWork()`` fails with "does not support the context manager
protocol" and ``for task in client.tasks.list()`` with "not iterable", which say what is wrong
but not what to write. Each guard is a mixin of its class, in pairs named so that
``scripts/unasync.py`` maps the async one onto its sync twin (``AsyncClientGuard`` →
``ClientGuard``): the sync classes get their own, fitting guards, never the async ones.

The methods exist at runtime only: type checkers still flag the mistake where it is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

__all__ = ["AsyncClientGuard", "AsyncPagerGuard", "ClientGuard", "PagerGuard"]


class AsyncClientGuard:
    """``with AsyncWebWork(...)``: says to write ``async with``, or to use ``WebWork``."""

    if not TYPE_CHECKING:

        def __enter__(self) -> NoReturn:
            name = type(self).__name__
            raise TypeError(
                f"{name} is the async client: use 'async with {name}(...) as client:' inside "
                "an async function; in synchronous code use the sync client instead, "
                "'with WebWork(...) as client:'"
            )

        def __exit__(self, *exc_info: object) -> None:
            # Never reached (__enter__ raises), but `with` looks it up before __enter__.
            return None


class ClientGuard:
    """``async with WebWork(...)``: says to write ``with``, or to use ``AsyncWebWork``."""

    if not TYPE_CHECKING:

        async def __aenter__(self) -> NoReturn:
            name = type(self).__name__
            raise TypeError(
                f"{name} is the synchronous client: use 'with {name}(...) as client:'; in "
                "async code use the async client instead, 'async with AsyncWebWork(...) as "
                "client:'"
            )

        async def __aexit__(self, *exc_info: object) -> None:
            return None


_ASYNC_PAGER_USE = (
    "iterate it with 'async for item in client.<resource>.list(...)', or get every item with "
    "'items = await client.<resource>.list(...).to_list()', inside an async function"
)


class AsyncPagerGuard:
    """``for x in pager`` and ``await pager``: say to write ``async for`` or ``.to_list()``,
    or to use ``WebWork``, whose lists are plain iterables."""

    if not TYPE_CHECKING:

        def __iter__(self) -> NoReturn:
            raise TypeError(
                f"{type(self).__name__} is asynchronous, so a plain 'for' cannot iterate it: "
                f"{_ASYNC_PAGER_USE}; in synchronous code use the sync client WebWork, whose "
                "lists are iterated with a plain 'for'"
            )

        def __await__(self) -> Any:
            raise TypeError(
                f"a list call returns an {type(self).__name__}, which is not awaited: "
                f"{_ASYNC_PAGER_USE}"
            )


class PagerGuard:
    """The sync pager's twin of :class:`AsyncPagerGuard`: nothing to guard. Giving ``Pager``
    an ``__aiter__`` or ``__await__`` would make code that tells async iterables and
    awaitables by those methods (httpx, Starlette, ``inspect.isawaitable``) take it for one."""
