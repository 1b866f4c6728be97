from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Generic, TypeVar, cast

import attrs

from .._bulk import (
    BulkInterrupted,
    BulkItem,
    BulkProgress,
    BulkResult,
    BulkStatus,
    BulkTally,
    halts_job,
    status_after,
)
from .._concurrency import async_run_workers
from .._errors import InvalidRequestError
from .._trace import current_trace
from .._validation import check_id
from ..models import Assignee

if TYPE_CHECKING:
    from ._requester import AsyncRequester

__all__ = ["ReadBack", "run_bulk"]

T = TypeVar("T")


@attrs.frozen
class ReadBack(Generic[T]):
    """How a job reads the truth back to settle the items its calls left in doubt."""

    assignees: Callable[[int], Awaitable[list[Assignee]]]
    """The assignees of a task: one read through the client, under its rate budget."""
    assigned: bool
    """The state the job wants: its users among the assignees (assign) or not (unassign)."""
    value: Callable[[int, Assignee | None], T | None]
    """An item's value when the read shows it applied (task id, the user's assignee entry)."""


async def run_bulk(
    api: AsyncRequester,
    pairs: Iterable[tuple[int, int]],
    call: Callable[[int, int], Awaitable[T]],
    *,
    concurrency: int | None,
    on_progress: Callable[[BulkProgress], object] | None,
    on_item: Callable[[BulkItem[T]], object] | None,
    raise_on_error: bool,
    read_back: ReadBack[T] | None,
) -> BulkResult[T]:
    """Apply ``call(task_id, user_id)`` to every pair, ``concurrency`` at a time (default
    and most: the client's ``max_concurrency``), under the client's rate budget.

    Each item's state comes from the trace of its call (see ``status_after``). An invalid
    pair fails alone (its error is an ``InvalidRequestError``) and is never sent. An error
    that would fail every remaining item alike (``halts_job``) stops the job: the pairs not
    yet tried end NOT_SENT carrying it. With ``read_back``, the items left in doubt are then
    settled by reading their tasks' assignees, one read per task; ``on_item`` hears them once,
    after that. When the job is cancelled (or interrupted), nothing is verified: pairs whose
    request may have gone out end UNKNOWN and the rest NOT_SENT, and ``on_item`` has heard of
    every one before the cancellation goes on.
    """
    given = cast("object", pairs)  # checked at run time: callers may pass anything
    if isinstance(given, (str, bytes)) or not isinstance(given, Iterable):
        raise InvalidRequestError("pairs", "must be an iterable of (task_id, user_id) pairs")
    concurrency = api.bulk_concurrency(concurrency)
    if type(concurrency) is not int or concurrency < 1:
        raise InvalidRequestError("concurrency", f"must be an int >= 1, got {concurrency!r}")
    # More workers than the limiter has slots would only queue there, where a stopping sync
    # job could not reach them before they send.
    concurrency = min(concurrency, api.bulk_concurrency(None))
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
        valid, on_progress=on_progress, on_item=on_item, budget_rate=api.budget_rate
    )
    for index, problem in problems.items():
        tally.record(index, BulkStatus.FAILED, error=problem)
    todo = [i for i in range(len(valid)) if i not in problems]
    queue = iter(todo)
    halted: list[Exception] = []

    async def worker(stopping: Callable[[], bool]) -> None:
        while not (halted or stopping()):
            index = next(queue, None)
            if index is None:
                return
            task_id, user_id = valid[index]
            trace = tally.start(index)
            token = current_trace.set(trace)
            try:
                value = await call(task_id, user_id)
            except Exception as error:
                status = status_after(trace, error)
                if halts_job(error) and not halted:
                    halted.append(error)
                if status is BulkStatus.UNKNOWN and read_back is not None:
                    tally.hold(index, error)
                else:
                    tally.record(index, status, error=error)
            except BaseException:
                # Cancelled or interrupted: in doubt only if its request may have gone out.
                gone = trace.may_have_applied()
                tally.record(index, BulkStatus.UNKNOWN if gone else BulkStatus.NOT_SENT)
                raise
            else:
                tally.record(index, BulkStatus.SUCCEEDED, value)
            finally:
                current_trace.reset(token)

    try:
        await async_run_workers(max(1, min(concurrency, len(todo))), worker)
        if read_back is not None and not halted:
            await _verify(tally, read_back, concurrency)
    except KeyboardInterrupt as interrupt:
        raise BulkInterrupted(tally.finish(_first(halted))) from interrupt
    except BaseException:
        tally.finish(_first(halted))
        raise
    result = tally.finish(_first(halted))
    if raise_on_error:
        result.raise_for_errors()
    return result


async def _verify(tally: BulkTally[T], read_back: ReadBack[T], concurrency: int) -> None:
    """Settle the held items by reading their tasks' assignees, one read per task."""
    held = tally.held()
    by_task: dict[int, list[int]] = {}
    for index in sorted(held):
        by_task.setdefault(tally.pairs[index][0], []).append(index)
    tasks = iter(list(by_task))

    async def reader(stopping: Callable[[], bool]) -> None:
        while not stopping():
            task_id = next(tasks, None)
            if task_id is None:
                return
            indexes = by_task[task_id]
            try:
                assignees = await read_back.assignees(task_id)
            except Exception as error:
                for index in indexes:
                    tally.record(index, BulkStatus.UNKNOWN, error=held[index], verify_error=error)
                continue
            found = {assignee.id: assignee for assignee in assignees}
            for index in indexes:
                user_id = tally.pairs[index][1]
                if (user_id in found) is read_back.assigned:
                    value = read_back.value(task_id, found.get(user_id))
                    tally.record(index, BulkStatus.SUCCEEDED, value, verified=True)
                else:
                    tally.record(index, BulkStatus.FAILED, error=held[index], verified=True)

    if by_task:
        await async_run_workers(min(concurrency, len(by_task)), reader)


def _first(errors: list[Exception]) -> Exception | None:
    return errors[0] if errors else None
