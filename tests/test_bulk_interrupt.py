"""Ctrl-C in a sync bulk job: nothing more is sent, and the exact account arrives at once.

The interrupt is raised the way Ctrl-C is (``_thread.interrupt_main``, from a timer or from a
callback on a worker thread), while the workers wait for the rate budget or sit in requests.
"""

from __future__ import annotations

import _thread
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable

import httpx
import pytest
import respx

from support import TOKEN, ok
from webwork_async import BulkInterrupted, BulkItem, BulkProgress, BulkStatus, WebWork
from webwork_async._concurrency import STOP_GRACE, Limiter, WorkerStopped, run_workers, sleep
from webwork_async.testing import FakeServer, FakeWebWork, RateLimit

ASSIGN_ROUTE = ("POST", "/tasks/{taskId}/assign/{userId}")


def job(fake: FakeWebWork, size: int) -> tuple[int, list[tuple[int, int]]]:
    project_id = fake.add_project("Website")
    user = fake.add_member("ann@example.com", "Ann", "Lee")
    return project_id, [(fake.add_task(project_id, f"T{i}"), user) for i in range(size)]


def in_process(fake: FakeWebWork, **options: object) -> WebWork:
    http = httpx.Client(transport=fake.transport())
    return WebWork(fake.token, workspace_id=1, http_client=http, **options)  # type: ignore[arg-type]


class Interrupt:
    """Raises KeyboardInterrupt in the main thread, noting when and what the fake had."""

    def __init__(self, fake: FakeWebWork) -> None:
        self._fake = fake
        self.at = 0.0
        self.requests_then = -1

    def __call__(self) -> None:
        self.requests_then = self._fake.stats.requests
        self.at = time.monotonic()
        _thread.interrupt_main()


def check_account(fake: FakeWebWork, items: tuple[BulkItem[object], ...], size: int) -> None:
    assert [item.index for item in items] == list(range(size))
    for item in items:
        applied = fake.applied[("assign", (item.task_id, item.user_id))]
        if item.status is BulkStatus.SUCCEEDED:
            assert applied == 1, item
        elif item.status is BulkStatus.NOT_SENT:
            assert applied == 0, item


def test_ctrl_c_while_waiting_for_the_rate_budget(fake: FakeWebWork, server: FakeServer) -> None:
    fake.rate_limit = RateLimit(5, 10.0)
    project_id, pairs = job(fake, 60)
    interrupt = Interrupt(fake)
    timer = threading.Timer(0.6, interrupt)
    with WebWork(fake.token, workspace_id=1, base_url=server.url, max_concurrency=8) as client:
        timer.start()
        with pytest.raises(BulkInterrupted) as info:
            client.tasks.assign_many(pairs, project_id=project_id)
        surfaced_after = time.monotonic() - interrupt.at
        sent_at_interrupt = fake.stats.requests
        time.sleep(0.3)  # a worker that did not give up would send now
    timer.join()

    assert surfaced_after < 0.8  # nobody was in a request: no grace needed
    assert interrupt.requests_then == sent_at_interrupt == fake.stats.requests
    result = info.value.result
    check_account(fake, result.items, 60)
    counts = result.counts()
    assert 1 <= counts["succeeded"] <= 5  # the budget (all five, with today's pacer)
    assert counts["not_sent"] == 60 - counts["succeeded"]


def test_ctrl_c_from_a_progress_callback(fake: FakeWebWork) -> None:
    fake.rate_limit = RateLimit(5, 10.0)
    project_id, pairs = job(fake, 40)
    interrupt = Interrupt(fake)

    def progress(report: BulkProgress) -> None:
        if report.done == 3:
            interrupt()

    with in_process(fake, max_concurrency=4) as client:
        with pytest.raises(BulkInterrupted) as info:
            client.tasks.assign_many(pairs, project_id=project_id, on_progress=progress)
        surfaced_after = time.monotonic() - interrupt.at
        sent = fake.stats.requests
        time.sleep(0.3)
    assert surfaced_after < 0.8
    result = info.value.result
    check_account(fake, result.items, 40)
    counts = result.counts()
    # At most the budget's five went out (the interrupt may overtake the last of them), each
    # answered; then nothing.
    assert 3 <= counts["succeeded"] <= 5
    assert fake.stats.requests == sent == counts["succeeded"]
    assert (counts["failed"], counts["unknown"]) == (0, 0)


def test_workers_stuck_in_a_request_are_abandoned_after_the_grace(fake: FakeWebWork) -> None:
    fake.latency = STOP_GRACE + 0.8
    project_id, pairs = job(fake, 10)
    heard: list[BulkItem[object]] = []
    interrupt = Interrupt(fake)
    timer = threading.Timer(0.3, interrupt)
    with in_process(fake, max_concurrency=2, rate_limit=None) as client:
        timer.start()
        with pytest.raises(BulkInterrupted) as info:
            client.tasks.assign_many(pairs, project_id=project_id, on_item=heard.append)
        surfaced_after = time.monotonic() - interrupt.at
        result = info.value.result
        snapshot = list(heard)
        time.sleep(fake.latency - surfaced_after + 0.4)  # the abandoned requests end now
    timer.join()

    assert STOP_GRACE - 0.1 < surfaced_after < STOP_GRACE + 0.5
    check_account(fake, result.items, 10)
    # The two requests on the wire reached the fake; their answers came too late to count.
    assert [item.status for item in result.items[:2]] == [BulkStatus.UNKNOWN] * 2
    assert result.counts() == {"succeeded": 0, "failed": 0, "not_sent": 8, "unknown": 2}
    assert fake.applied[("assign", pairs[0])] == fake.applied[("assign", pairs[1])] == 1
    assert fake.stats.requests == 2
    assert heard == snapshot  # nothing more was reported after the job ended
    assert len(heard) == 10


# -- the primitives -------------------------------------------------------------------------


def test_the_stop_grace_is_one_second() -> None:
    assert STOP_GRACE == 1.0


def test_sleep_outside_a_job_is_a_plain_sleep() -> None:
    started = time.monotonic()
    sleep(0.2)
    assert 0.19 < time.monotonic() - started < 0.5


def test_sleep_in_a_running_job_waits_its_time() -> None:
    slept: list[float] = []

    def worker(stopping: Callable[[], bool]) -> None:
        started = time.monotonic()
        sleep(0.2)
        slept.append(time.monotonic() - started)

    run_workers(2, worker)
    assert len(slept) == 2
    assert all(0.19 < seconds < 0.5 for seconds in slept)


def test_a_failing_worker_stops_the_others_at_once_and_its_error_is_raised() -> None:
    woke: list[str] = []

    def worker(stopping: Callable[[], bool]) -> None:
        if threading.current_thread().name.endswith("-0"):
            time.sleep(0.1)
            raise LookupError("boom")
        try:
            sleep(30)  # waiting for budget
        except WorkerStopped:
            woke.append("stopped")
            assert stopping()
            raise

    started = time.monotonic()
    with pytest.raises(LookupError, match="boom"):
        run_workers(3, worker)
    assert time.monotonic() - started < 1.0
    assert woke == ["stopped", "stopped"]


def test_workers_that_return_let_run_workers_return() -> None:
    seen: list[bool] = []
    run_workers(4, lambda stopping: seen.append(stopping()))
    assert seen == [False] * 4
    run_workers(0, lambda stopping: seen.append(True))
    assert len(seen) == 4


def test_an_interrupt_wakes_sleeping_workers_and_abandons_a_busy_one() -> None:
    stopped: list[float] = []

    def worker(stopping: Callable[[], bool]) -> None:
        if threading.current_thread().name.endswith("-0"):
            time.sleep(STOP_GRACE + 1.0)  # inside a request that will not end soon
            return
        try:
            sleep(30)
        except WorkerStopped:
            stopped.append(time.monotonic())
            raise

    timer = threading.Timer(0.2, _thread.interrupt_main)
    timer.start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        run_workers(3, worker)
    ended = time.monotonic() - started
    timer.join()
    assert len(stopped) == 2
    assert max(stopped) - started < 0.5  # the sleepers gave up at once
    assert 0.2 + STOP_GRACE - 0.1 < ended < 0.2 + STOP_GRACE + 0.5  # the busy one, after grace


def test_ctrl_c_during_verification_leaves_the_items_in_doubt_unknown(
    api: respx.MockRouter,
) -> None:
    def lost(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("Server disconnected", request=request)

    read: list[float] = []

    def slow_read(request: httpx.Request) -> httpx.Response:
        read.append(time.monotonic())
        time.sleep(STOP_GRACE + 0.5)
        return ok([{"id": 7}])

    api.post(path__regex=r"/tasks/\d+/assign/\d+").mock(side_effect=[lost, ok({"id": 7})])
    api.get(path__regex=r"/tasks/\d+/assignees").mock(side_effect=slow_read)
    timer = threading.Timer(0.3, _thread.interrupt_main)
    with WebWork(TOKEN, workspace_id=1, max_retries=0) as client:
        timer.start()
        started = time.monotonic()
        with pytest.raises(BulkInterrupted) as info:
            client.tasks.assign_many([(1, 7), (2, 7)], project_id=100, concurrency=1)
        ended = time.monotonic() - started
    timer.join()
    doubt, fine = info.value.result.items
    assert (doubt.status, doubt.verified) == (BulkStatus.UNKNOWN, False)
    assert doubt.error is not None
    assert fine.status is BulkStatus.SUCCEEDED
    assert len(read) == 1  # the read was under way: abandoned after the grace
    assert STOP_GRACE < ended < 0.3 + STOP_GRACE + 0.5


def test_workers_never_outnumber_the_limiters_slots(api: respx.MockRouter) -> None:
    # More would only queue in the limiter, where a stopping job cannot reach them.
    alive: list[int] = []
    before = set(threading.enumerate())  # workers abandoned by earlier tests may linger

    def answer(request: httpx.Request) -> httpx.Response:
        workers = [t for t in threading.enumerate() if t.name.startswith("webwork-bulk")]
        alive.append(len(set(workers) - before))
        time.sleep(0.01)
        return ok({"id": 7})

    api.post(path__regex=r"/tasks/\d+/assign/\d+").mock(side_effect=answer)
    with WebWork(TOKEN, workspace_id=1, max_concurrency=2) as client:
        pairs = [(task_id, 7) for task_id in range(1, 11)]
        result = client.tasks.assign_many(pairs, project_id=100, concurrency=8)
    assert result.ok
    assert max(alive) == 2


def test_an_abandoned_worker_does_not_hold_the_process_open() -> None:
    script = textwrap.dedent(
        """
        import _thread, threading, time
        from webwork_async._concurrency import run_workers

        threading.Timer(0.1, _thread.interrupt_main).start()
        try:
            run_workers(1, lambda stopping: time.sleep(60))  # a request that never ends
        except KeyboardInterrupt:
            print("interrupted")
        """
    )
    started = time.monotonic()
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert done.stdout.strip() == "interrupted"
    assert time.monotonic() - started < 15  # not the minute the worker's request would take


def test_a_worker_queued_on_the_limiter_when_the_job_stops_never_gets_through() -> None:
    # One slot: worker 0 holds it while the job is stopped; worker 1 queues for it and must
    # give up when it gets it, instead of sending after the interrupt.
    limiter = Limiter(1, None)
    got_through: list[str] = []
    holding = threading.Event()

    def worker(stopping: Callable[[], bool]) -> None:
        if threading.current_thread().name.endswith("-0"):
            limiter.acquire()
            holding.set()
            time.sleep(0.6)  # the interrupt lands while this one holds the slot
            limiter.release(None)
            return
        holding.wait()
        limiter.acquire()
        got_through.append(threading.current_thread().name)
        limiter.release(None)

    timer = threading.Timer(0.2, _thread.interrupt_main)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        run_workers(2, worker)
    timer.join()
    time.sleep(0.6)  # worker 0 frees the slot after the job returned
    assert got_through == []
