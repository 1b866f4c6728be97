"""Async/sync twins of the few concurrency primitives the client uses.

The async source (``_async/``) calls ``async_sleep`` and ``async_gather``; the sync code
generated from it (``_sync/``) calls ``sleep`` and ``gather``, because ``scripts/unasync.py``
drops the ``async_`` prefix. Keeping each pair here, side by side, is what lets one source
serve both worlds.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import anyio

if sys.version_info < (3, 11):  # pragma: no cover
    from exceptiongroup import BaseExceptionGroup

__all__ = ["async_gather", "async_sleep", "gather", "sleep"]

T = TypeVar("T")


async def async_sleep(seconds: float) -> None:
    await anyio.sleep(seconds)


def sleep(seconds: float) -> None:
    time.sleep(seconds)


async def async_gather(calls: Sequence[Callable[[], Awaitable[T]]]) -> list[T]:
    """Run the calls concurrently; their results in order, or the first failure.

    Structured: when one call fails the others are cancelled and waited for before the error
    propagates, so nothing keeps running behind the caller's back.
    """
    if len(calls) == 1:
        return [await calls[0]()]
    results: list[Any] = [None] * len(calls)

    async def run(index: int, call: Callable[[], Awaitable[T]]) -> None:
        results[index] = await call()

    try:
        async with anyio.create_task_group() as group:
            for index, call in enumerate(calls):
                group.start_soon(run, index, call)
    except BaseExceptionGroup as group_error:
        raise _first_error(group_error) from None
    return results


def gather(calls: Sequence[Callable[[], T]]) -> list[T]:
    """Run the calls in threads; their results in order, or the first failure."""
    if len(calls) == 1:
        return [calls[0]()]
    with ThreadPoolExecutor(max_workers=len(calls), thread_name_prefix="webwork") as pool:
        futures = [pool.submit(call) for call in calls]
        try:
            return [future.result() for future in futures]
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _first_error(group: BaseExceptionGroup[BaseException]) -> BaseException:
    # anyio always wraps task errors in a group; callers want the error itself. Cancellation
    # of the siblings is a consequence, not a cause, so it is not what we report.
    errors = [e for e in _leaves(group) if not isinstance(e, anyio.get_cancelled_exc_class())]
    return (errors or list(_leaves(group)))[0]


def _leaves(group: BaseExceptionGroup[BaseException]) -> list[BaseException]:
    leaves: list[BaseException] = []
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            leaves.extend(_leaves(exc))
        else:
            leaves.append(exc)
    return leaves
