"""The documented retry policy (docs/guides/errors-and-retries.md, "Retries"), constant by
constant: the pure decisions of ``webwork_async._retry``, which ``scripts/mutation.py`` mutates
against this file.
"""

from __future__ import annotations

import httpx
import pytest
import respx

from support import BASE_URL, TOKEN
from webwork_async import InternalServerError, RateLimitError, WebWork
from webwork_async._errors import APIStatusError
from webwork_async._options import DEFAULT_MAX_RESPONSE_SIZE
from webwork_async._retry import (
    DEFAULT_MAX_RETRY_WAIT,
    NOT_SENT,
    RETRYABLE_STATUS,
    RetryPolicy,
    rate_limit_hint,
)


def status_error(status: int, retry_after: float | None = None) -> APIStatusError:
    if status == 429:
        return RateLimitError("x", status_code=429, method="GET", url="u", retry_after=retry_after)
    return APIStatusError("x", status_code=status, method="GET", url="u")


@pytest.mark.parametrize(
    ("attempt", "ceiling"), [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (9, 8.0)]
)
def test_backoff_is_equal_jitter_under_a_doubling_ceiling_capped_at_8_s(
    monkeypatch: pytest.MonkeyPatch, attempt: int, ceiling: float
) -> None:
    policy = RetryPolicy(max_retries=100)
    monkeypatch.setattr("webwork_async._retry.random.uniform", lambda low, high: low)
    assert policy.delay_after_error(attempt, httpx.ReadError("x"), idempotent=True) == ceiling / 2
    monkeypatch.setattr("webwork_async._retry.random.uniform", lambda low, high: high)
    assert policy.delay_after_error(attempt, httpx.ReadError("x"), idempotent=True) == ceiling


def test_the_jitter_is_drawn_over_the_upper_half_of_the_ceiling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        drawn.append((low, high))
        return 0.0

    monkeypatch.setattr("webwork_async._retry.random.uniform", uniform)
    assert RetryPolicy().delay_after_error(1, httpx.ReadError("x"), idempotent=True) == 0.5
    assert drawn == [(0, 0.5)]


def test_the_documented_defaults() -> None:
    policy = RetryPolicy()
    assert (policy.max_retries, policy.backoff, policy.max_backoff) == (2, 0.5, 8.0)
    assert policy.max_retry_wait == DEFAULT_MAX_RETRY_WAIT == 60.0
    assert DEFAULT_MAX_RESPONSE_SIZE == 16 * 1024 * 1024
    assert {408, 429, 500, 502, 503, 504} == RETRYABLE_STATUS
    client = WebWork(TOKEN)
    assert client._retry == RetryPolicy()
    assert client._max_response_size == 16 * 1024 * 1024
    assert client._attempt_timeout == 30.0  # the largest part of Timeout(30, connect=10)
    client.close()


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_each_retried_status_is_retried_until_max_retries(status: int) -> None:
    policy = RetryPolicy(max_retries=2)
    assert policy.delay_after_status(0, status_error(status), idempotent=True) is not None
    assert policy.delay_after_status(1, status_error(status), idempotent=True) is not None
    assert policy.delay_after_status(2, status_error(status), idempotent=True) is None


def test_a_failed_connection_is_retried_until_max_retries() -> None:
    policy = RetryPolicy(max_retries=2)
    assert policy.delay_after_error(0, httpx.ConnectError("x"), idempotent=True) is not None
    assert policy.delay_after_error(1, httpx.ConnectError("x"), idempotent=True) is not None
    assert policy.delay_after_error(2, httpx.ConnectError("x"), idempotent=True) is None


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 501, 505, 599])
def test_other_statuses_are_not_retried(status: int) -> None:
    assert RetryPolicy().delay_after_status(0, status_error(status), idempotent=True) is None


def test_retry_after_is_honoured_up_to_max_retry_wait_exactly() -> None:
    policy = RetryPolicy(max_retry_wait=60.0)
    assert policy.delay_after_status(0, status_error(429, 60.0), idempotent=True) == 60.0
    assert policy.delay_after_status(0, status_error(429, 60.01), idempotent=True) is None
    assert policy.delay_after_status(0, status_error(429, 0.0), idempotent=True) == 0.0
    assert policy.gate_after_429(0, status_error(429, 60.0)) == 60.0
    assert policy.gate_after_429(0, status_error(429, 1e9)) == 60.0
    short = RetryPolicy(max_retry_wait=5.0)
    assert short.delay_after_status(0, status_error(429, 5.0), idempotent=True) == 5.0
    assert short.delay_after_status(0, status_error(429, 5.5), idempotent=True) is None


def test_a_429_without_a_hint_backs_off_and_gates_for_the_backoff(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("webwork_async._retry.random.uniform", lambda low, high: high)
    policy = RetryPolicy()
    assert policy.delay_after_status(1, status_error(429), idempotent=True) == 1.0
    assert policy.gate_after_429(3, status_error(429)) == 4.0


def test_a_request_that_creates_is_retried_only_when_it_certainly_was_not_applied() -> None:
    policy = RetryPolicy()
    for unsent in (httpx.ConnectError("x"), httpx.ConnectTimeout("x"), httpx.PoolTimeout("x")):
        assert policy.delay_after_error(0, unsent, idempotent=False) is not None
    for maybe_sent in (httpx.ReadError("x"), httpx.ReadTimeout("x"), TimeoutError()):
        assert policy.delay_after_error(0, maybe_sent, idempotent=False) is None
        assert policy.delay_after_error(0, maybe_sent, idempotent=True) is not None
    assert policy.delay_after_status(0, status_error(429), idempotent=False) is not None
    for status in (408, 500, 502, 503, 504):
        assert policy.delay_after_status(0, status_error(status), idempotent=False) is None
    assert policy.delay_after_error(0, httpx.TooManyRedirects("x"), idempotent=True) is None


def test_end_to_end_two_retries_then_the_error() -> None:
    with respx.mock(base_url=BASE_URL) as api:
        route = api.get("/tasks/7").mock(return_value=httpx.Response(503, json={}))
        with WebWork(TOKEN, workspace_id=1, rate_limit=None) as client:
            client._retry = RetryPolicy(backoff=0.001)
            with pytest.raises(InternalServerError):
                client.tasks.get(7, project_id=100)
    assert route.call_count == 3


def test_not_sent_is_exactly_the_errors_raised_before_the_request_left() -> None:
    assert (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) == NOT_SENT


@pytest.mark.parametrize(
    ("headers", "hint"),
    [
        ({"Retry-After": "7", "X-RateLimit-Reset": "30"}, 7.0),
        ({"X-RateLimit-Reset": "30"}, 30.0),
        ({"Retry-After": "0", "X-RateLimit-Reset": "30"}, 0.0),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_a_429s_hint_is_retry_after_else_the_reset(
    headers: dict[str, str], hint: float | None
) -> None:
    assert rate_limit_hint(httpx.Headers(headers)) == hint
