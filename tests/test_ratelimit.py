"""The rate budget's bookkeeping, with an explicit clock and exact numbers."""

from __future__ import annotations

import httpx
import pytest

from webwork_async import InvalidRequestError
from webwork_async._ratelimit import RateHeaders, RateLimit, RateState, parse_rate_headers


def sends_until_blocked(state: RateState, now: float) -> int:
    count = 0
    while state.delay(now) == 0:
        count += 1
    return count


def test_the_first_request_goes_alone_until_its_answer() -> None:
    state = RateState(RateLimit(10, 1.0), margin=0.0)
    assert state.delay(0.0) == 0
    assert state.delay(0.0) > 0  # the probe is out
    state.on_response(0.05, RateHeaders(limit=10, remaining=9), status_code=200)
    assert sends_until_blocked(state, 0.05) == 9


def test_never_more_than_limit_in_any_window() -> None:
    state = RateState(RateLimit(5, 10.0), margin=0.0)
    state.on_response(0.0, RateHeaders(), status_code=200)
    assert sends_until_blocked(state, 0.0) == 5
    assert state.delay(4.0) == pytest.approx(6.0)
    assert sends_until_blocked(state, 10.0) == 5
    assert state.in_window(10.0) == 5


def test_the_margin_keeps_a_window_apart_from_the_next() -> None:
    state = RateState(RateLimit(2, 10.0), margin=0.1)
    state.on_response(0.0, RateHeaders(), status_code=200)
    assert sends_until_blocked(state, 0.0) == 2
    assert state.delay(10.05) == pytest.approx(0.05)
    assert state.delay(10.1 + 1e-9) == 0


def test_budget_spent_by_someone_else_is_respected() -> None:
    state = RateState(RateLimit(60, 60.0), margin=0.0)
    assert state.delay(0.0) == 0
    # Another program with the same token already used 50 of the 60.
    state.on_response(0.1, RateHeaders(limit=60, remaining=9), status_code=200)
    assert sends_until_blocked(state, 0.1) == 9


def test_the_server_limit_wins_over_the_configured_one() -> None:
    state = RateState(RateLimit(100, 60.0), margin=0.0)
    state.delay(0.0)
    state.on_response(0.1, RateHeaders(limit=30, remaining=29), status_code=200)
    assert sends_until_blocked(state, 0.1) == 29


def test_auto_mode_paces_nothing_until_the_server_names_a_budget() -> None:
    state = RateState(None)
    assert state.delay(0.0) == 0
    state.on_response(0.1, RateHeaders(), status_code=200)
    assert sends_until_blocked_bounded(state, 0.1, 1000) == 1000


def test_auto_mode_learns_limit_and_window_from_headers() -> None:
    state = RateState(None, margin=0.0)
    state.delay(0.0)
    state.on_response(
        0.05, RateHeaders(limit=600, remaining=599, reset_after=10.4), status_code=200
    )
    assert (state.limit, state.window) == (600, 10.0)
    assert sends_until_blocked(state, 0.05) == 599


# A 10 s window opened by a request that arrived at t: Laravel sends reset = ceil(t + 10),
# 10.0 to 10.99 s after the arrival.
@pytest.mark.parametrize(
    ("reset_after_arrival", "window"),
    [(10.0, 10.0), (10.3, 10.0), (10.5, 10.0), (10.97, 10.0), (10.99, 11.0)],
)
def test_whole_second_reset_headers_give_the_true_window_never_less(
    reset_after_arrival: float, window: float
) -> None:
    state = RateState(None)
    state.delay(0.0)
    # The response comes back 25 ms after the arrival, 50 ms after the send: counted from
    # the send, the estimate is the window, or a second more when the reset's rounding and
    # the trip there add up to a second (a later window's smaller estimate replaces it).
    headers = RateHeaders(limit=600, remaining=599, reset_after=reset_after_arrival - 0.025)
    state.on_response(0.05, headers, status_code=200, round_trip=0.05)
    assert state.window == window


def test_a_server_that_answers_well_after_counting_does_not_shorten_the_window() -> None:
    # Sent at 0, counted on arrival at 0.01 (reset = ceil(0.01 + 10) = 10.02 s later, so the
    # reset is 10.02 s after the arrival), answered after 60 ms of work. Halfway through the
    # round trip (0.035) is after the arrival: from there the window looked 9.995 s long.
    state = RateState(None)
    state.delay(0.0)
    headers = RateHeaders(limit=600, remaining=599, reset_after=10.02 - 0.06)
    state.on_response(0.07, headers, status_code=200, round_trip=0.07)
    assert state.window == 10.0


def test_a_429_shows_the_learned_window_was_short() -> None:
    state = RateState(None)
    state.delay(0.0)
    state.on_response(0.05, RateHeaders(limit=60, remaining=59, reset_after=9.5), status_code=200)
    assert state.window == 9.0
    state.on_response(9.2, RateHeaders(limit=60, remaining=0, retry_after=1.0), status_code=429)
    assert state.window == 10.0
    # The other 429s of that burst, sent before it under the 9 s estimate, are no new
    # evidence: the window grows by a second per burst, not per 429.
    for now in (9.21, 9.22):
        state.on_response(now, RateHeaders(limit=60, remaining=0), status_code=429, round_trip=0.05)
    assert state.window == 10.0
    # A later window that looks longer changes nothing: the estimate only shrinks on evidence.
    state.on_response(20.0, RateHeaders(limit=60, remaining=59, reset_after=10.2), status_code=200)
    assert state.window == 10.0


def test_a_429_closes_the_gate_for_as_long_as_the_client_decided() -> None:
    state = RateState(None)
    state.delay(0.0)
    state.on_response(0.0, RateHeaders(retry_after=2.0), status_code=429)
    state.close_gate(0.0, 2.0)  # the client's decision: the Retry-After, within max_retry_wait
    assert state.delay(1.0) == pytest.approx(1.0)
    assert state.delay(2.0) == 0


def test_the_gate_never_closes_longer_than_max_wait() -> None:
    state = RateState(None, max_wait=5.0)
    state.on_response(0.0, RateHeaders(), status_code=200)
    state.close_gate(0.0, 1e9)
    assert state.delay(0.0) == pytest.approx(5.0)
    assert state.delay(5.0) == 0


def test_a_failed_probe_does_not_stall_the_others() -> None:
    state = RateState(RateLimit(10, 1.0))
    state.delay(0.0)
    state.on_response(0.0, RateHeaders(), status_code=0)  # connection error
    assert state.delay(0.0) == 0


def test_headers_of_both_styles_are_read() -> None:
    now = 1_800_000_000.0
    epoch = parse_rate_headers(
        httpx.Headers(
            {
                "X-RateLimit-Limit": "60",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": str(int(now) + 42),
                "Retry-After": "42",
            }
        ),
        now_epoch=now,
    )
    assert epoch == RateHeaders(limit=60, remaining=0, reset_after=42.0, retry_after=42.0)
    delta = parse_rate_headers(
        httpx.Headers(
            {"RateLimit-Limit": "100", "RateLimit-Remaining": "7", "RateLimit-Reset": "5"}
        ),
        now_epoch=now,
    )
    assert delta == RateHeaders(limit=100, remaining=7, reset_after=5.0)
    date = parse_rate_headers(
        httpx.Headers({"Retry-After": "Thu, 15 Jan 2027 08:00:05 GMT"}), now_epoch=1_800_000_000.0
    )
    assert date.retry_after is not None and date.retry_after > 0
    junk = parse_rate_headers(httpx.Headers({"X-RateLimit-Limit": "lots", "Retry-After": "soon"}))
    assert junk == RateHeaders()


def test_bad_configuration_is_refused() -> None:
    with pytest.raises(InvalidRequestError, match=r"rate_limit\.limit"):
        RateLimit(0, 60.0)
    with pytest.raises(InvalidRequestError, match=r"rate_limit\.window"):
        RateLimit(60, 0)


def sends_until_blocked_bounded(state: RateState, now: float, bound: int) -> int:
    count = 0
    while count < bound and state.delay(now) == 0:
        count += 1
    return count
