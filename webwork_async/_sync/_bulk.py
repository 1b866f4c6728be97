# This file is generated from webwork_async/_async/_bulk.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar, cast

from .._bulk import BulkInterrupted, BulkItem, BulkProgress, BulkResult, BulkStatus, BulkTally
from .._concurrency import run_workers
from .._errors import InvalidRequestError, WebWorkError
from .._validation import check_id

if TYPE_CHECKING:
    from ._client import WebWork

__all__ = ["run_bulk"]

T = TypeVar("T")


def run_bulk(
    client: WebWork,
    pairs: Iterable[tuple[int, int]],
    call: Callable[[int, int], T],
    *,
    concurrency: int | None,
    on_progress: Callable[[BulkProgress], object] | None,
    on_item: Callable[[BulkItem[T]], object] | None,
    raise_on_error: bool,
) -> BulkResult[T]:
    """Apply ``call(task_id, user_id)`` to every pair, ``concurrency`` at a time (default:
    the client's ``max_concurrency``), under the client's rate budget.

    An invalid pair fails alone (its error is an ``InvalidRequestError``) and is never sent.
    When the job is cancelled (or interrupted), pairs in flight end as UNKNOWN and the rest as
    NOT_SENT, and ``on_item`` has heard of every one of them before the cancellation goes on.
    """
    given = cast("object", pairs)  # checked at run time: callers may pass anything
    if isinstance(given, (str, bytes)) or not isinstance(given, Iterable):
        raise InvalidRequestError("pairs", "must be an iterable of (task_id, user_id) pairs")
    concurrency = client._bulk_concurrency(concurrency)
    if type(concurrency) is not int or concurrency < 1:
        raise InvalidRequestError("concurrency", f"must be an int >= 1, got {concurrency!r}")
    materialized = list(pairs)
    valid: list[tuple[int, int]] = []
    problems: dict[int, InvalidRequestError] = {}
    for index, pair in enumerate(materialized):
        try:
            task_id, user_id = pair
            valid.append((check_id("task_id", task_id), check_id("user_id", user_id)))
        except InvalidRequestError as error:
            problems[index] = InvalidRequestError(f"pairs[{index}].{error.field}", error.problem)
            valid.append((0, 0))
        except (TypeError, ValueError):
            problems[index] = InvalidRequestError(
                f"pairs[{index}]", f"must be a (task_id, user_id) pair, got {pair!r}"
            )
            valid.append((0, 0))
    tally: BulkTally[T] = BulkTally(
        valid, on_progress=on_progress, on_item=on_item, budget_rate=client._budget_rate
    )
    for index, problem in problems.items():
        tally.record(index, BulkStatus.FAILED, error=problem)
    todo = iter([i for i in range(len(valid)) if i not in problems])

    def worker(stopping: Callable[[], bool]) -> None:
        for index in todo:
            task_id, user_id = valid[index]
            try:
                value = call(task_id, user_id)
            except WebWorkError as error:
                tally.record(index, BulkStatus.FAILED, error=error)
            except BaseException:
                tally.record(index, BulkStatus.UNKNOWN)
                raise
            else:
                tally.record(index, BulkStatus.SUCCEEDED, value)
            if stopping():
                return

    try:
        run_workers(min(concurrency, max(1, len(valid))), worker)
    except KeyboardInterrupt as interrupt:
        raise BulkInterrupted(tally.finish()) from interrupt
    except BaseException:
        tally.finish()
        raise
    result = tally.finish()
    if raise_on_error:
        result.raise_for_errors()
    return result
