"""Every number the rate pacer promises, pinned exactly (issue 10, section 7).

tests/test_ratelimit.py shows the rules at work; this file pins their edges: the documented
defaults, each boundary of the header parser, and the exact waits the pacer asks for, so
that a changed constant or a flipped comparison in webwork_async/_ratelimit.py fails here.
Checked by ``python scripts/mutation.py pacer`` (see CONTRIBUTING.md, "Mutation testing").
"""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from webwork_async import InvalidRequestError
from webwork_async._ratelimit import (
    MAX_LIMIT,
    RateHeaders,
    RateLimit,
    RateState,
    parse_rate_headers,
)

NOW = 1_800_000_000.0  # a fixed Unix time for the header parser
YEAR = 365 * 24 * 3600  # resets above this are Unix times, at or below it seconds from now


def parse(headers: dict[str, str], now_epoch: float = NOW) -> RateHeaders:
    return parse_rate_headers(httpx.Headers(headers), now_epoch=now_epoch)


def sends_until_blocked(state: RateState, now: float, bound: int = 10_000) -> int:
    count = 0
    while count < bound and state.delay(now) == 0:
        count += 1
    return count


def answered(rate_limit: RateLimit | None, **kwargs: float) -> RateState:
    """A state whose probe has been answered with no rate headers: pacing by the budget."""
    state = RateState(rate_limit, **kwargs)
    state.on_response(0.0, RateHeaders(), status_code=200)
    return state


# --- the budget as configured ---------------------------------------------------------------


def test_the_documented_budget_is_60_per_minute() -> None:
    assert (RateLimit().limit, RateLimit().window) == (60, 60.0)
    assert MAX_LIMIT == 100_000


def test_the_smallest_budget_is_accepted() -> None:
    assert RateLimit(1, 0.001) == RateLimit(limit=1, window=0.001)
    assert RateLimit(1, 1).window == 1  # an int window is fine


@pytest.mark.parametrize("limit", [0, -1, True, 1.0, "60"])
def test_a_limit_that_is_not_an_int_of_at_least_1_is_refused(limit: object) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        RateLimit(limit, 60.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert raised.value.field == "rate_limit.limit"
    assert raised.value.problem == f"must be an int >= 1, got {limit!r}"


@pytest.mark.parametrize("window", [0, 0.0, -1.0, "60", None])
def test_a_window_that_is_not_a_positive_number_is_refused(window: object) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        RateLimit(60, window)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert raised.value.field == "rate_limit.window"
    assert raised.value.problem == f"must be > 0 seconds, got {window!r}"


# --- the header parser ----------------------------------------------------------------------


def test_no_headers_say_nothing() -> None:
    assert parse({}) == RateHeaders(None, None, None, None)


def test_a_list_valued_header_is_read_by_its_first_figure() -> None:
    # The IETF draft allows "limit, limit;w=window" policies.
    assert parse({"RateLimit-Limit": "100, 100;w=60", "RateLimit-Remaining": " 7 , 3"}) == (
        RateHeaders(limit=100, remaining=7)
    )


def test_an_unreadable_header_gives_way_to_the_other_style() -> None:
    headers = {
        "X-RateLimit-Limit": "lots",
        "RateLimit-Limit": "100",
        "X-RateLimit-Remaining": "-1",
        "RateLimit-Remaining": "4",
        "X-RateLimit-Reset": "nan",
        "RateLimit-Reset": "9",
    }
    assert parse(headers) == RateHeaders(limit=100, remaining=4, reset_after=9.0)


@pytest.mark.parametrize("value", ["-5", "soon", "NaN", "inf", "-inf", "", "1e999"])
def test_nonsense_figures_are_no_figures(value: str) -> None:
    headers = {
        "X-RateLimit-Limit": value,
        "X-RateLimit-Remaining": value,
        "X-RateLimit-Reset": value,
        "Retry-After": value,
    }
    assert parse(headers) == RateHeaders()


def test_zero_is_a_figure_for_remaining_reset_and_retry_after() -> None:
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "0", "Retry-After": "0"}
    assert parse(headers) == RateHeaders(remaining=0, reset_after=0.0, retry_after=0.0)


@pytest.mark.parametrize(
    ("claimed", "limit"), [("0", None), ("0.5", None), ("1", 1), ("1.9", 1), ("60", 60)]
)
def test_a_limit_below_1_is_no_limit(claimed: str, limit: int | None) -> None:
    assert parse({"X-RateLimit-Limit": claimed}).limit == limit


def test_claimed_budgets_are_capped_at_max_limit() -> None:
    huge = parse({"X-RateLimit-Limit": "1000000000000", "X-RateLimit-Remaining": "1000000000000"})
    assert (huge.limit, huge.remaining) == (100_000, 100_000)
    edge = parse({"X-RateLimit-Limit": "100001", "X-RateLimit-Remaining": "99999"})
    assert (edge.limit, edge.remaining) == (100_000, 99_999)


def test_a_reset_up_to_a_year_is_seconds_from_now() -> None:
    assert parse({"X-RateLimit-Reset": str(YEAR)}, now_epoch=YEAR - 10).reset_after == YEAR
    assert parse({"X-RateLimit-Reset": "42.5"}).reset_after == 42.5


def test_a_reset_beyond_a_year_is_a_unix_time() -> None:
    assert parse({"X-RateLimit-Reset": str(YEAR + 1)}, now_epoch=YEAR - 10).reset_after == 11.0
    assert parse({"X-RateLimit-Reset": str(int(NOW) + 42)}).reset_after == 42.0


def test_a_reset_in_the_past_is_now() -> None:
    assert parse({"X-RateLimit-Reset": str(int(NOW) - 42)}).reset_after == 0.0


def test_without_a_clock_given_the_parser_uses_the_system_clock() -> None:
    before = time.time()
    reset = parse_rate_headers(httpx.Headers({"X-RateLimit-Reset": str(int(before) + 100)}))
    assert reset.reset_after is not None
    assert 99.0 - (time.time() - before) <= reset.reset_after <= 100.0


def test_retry_after_as_an_http_date() -> None:
    in_30_s = email.utils.formatdate(NOW + 30, usegmt=True)
    assert parse({"Retry-After": in_30_s}).retry_after == 30.0
    a_minute_ago = email.utils.formatdate(NOW - 60, usegmt=True)
    assert parse({"Retry-After": a_minute_ago}).retry_after == 0.0


def test_retry_after_in_seconds_wins_over_its_date_reading() -> None:
    assert parse({"Retry-After": "42"}).retry_after == 42.0


@pytest.mark.parametrize(
    "value", ["Fri, 31 Dec 99999 23:59:59 GMT", "Thu, 32 Jan 2027 08:00:05 GMT", "Thu"]
)
def test_a_retry_after_that_is_no_date_is_no_figure(value: str) -> None:
    assert parse({"Retry-After": value}).retry_after is None


# --- the pacer's defaults -------------------------------------------------------------------


def test_the_defaults_margin_100_ms_and_max_wait_60_s() -> None:
    state = answered(RateLimit(2, 10.0))
    assert (state.margin, state.max_wait) == (0.1, 60.0)
    assert sends_until_blocked(state, 0.0) == 2
    assert state.delay(10.0) == pytest.approx(0.1)
    state.close_gate(0.0, 1e9)
    assert state.delay(0.0) == 60.0


def test_auto_mode_starts_from_the_documented_window_within_max_wait() -> None:
    auto = RateState(None)
    assert (auto.limit, auto.window, auto.learn_window) == (None, 60.0, True)
    assert RateState(None, max_wait=5.0).window == 5.0
    configured = RateState(RateLimit(7, 3), max_wait=1.0)
    assert (configured.limit, configured.window, configured.learn_window) == (7, 3.0, False)
    assert type(configured.window) is float


# --- rule 3: one probe first ----------------------------------------------------------------


def test_a_second_request_polls_every_5_ms_while_the_probe_is_out() -> None:
    state = RateState(RateLimit(10, 1.0), margin=0.0)
    assert state.delay(0.0) == 0.0
    assert state.delay(0.0) == 0.005
    assert state.delay(100.0) == 0.005  # however long: only the answer ends the probe
    assert state.in_window(0.0) == 1  # the polls were not counted as sends


def test_in_auto_mode_the_probe_is_the_only_thing_held_back() -> None:
    state = RateState(None)
    assert state.delay(0.0) == 0.0
    assert state.delay(0.0) == 0.005
    state.on_response(0.0, RateHeaders(), status_code=200)
    assert sends_until_blocked(state, 0.0, bound=100) == 100
    assert state.in_window(0.0) == 0  # nothing is counted while no budget is known


# --- rule 1: never more than limit in any window (+ margin) -------------------------------


def test_the_wait_is_until_the_oldest_send_leaves_the_window() -> None:
    state = answered(RateLimit(3, 10.0), margin=0.5)
    assert state.delay(1.0) == 0.0
    assert state.delay(2.0) == 0.0
    assert state.delay(2.0) == 0.0
    assert state.delay(4.0) == 7.5  # 1.0 + 10 + 0.5 - 4.0
    assert state.delay(11.5) == 0.0  # the send at 1.0 has left exactly now
    assert state.delay(11.5) == 1.0  # the two at 2.0 leave at 12.5
    assert state.delay(12.5) == 0.0
    assert state.delay(12.5) == 0.0
    assert state.delay(12.5) == 9.5  # the send at 11.5 leaves at 22.0


def test_a_send_counts_in_the_window_up_to_its_end_and_not_at_it() -> None:
    state = answered(RateLimit(5, 10.0), margin=0.25)
    assert sends_until_blocked(state, 0.0) == 5
    assert state.in_window(0.0) == 5
    assert state.in_window(10.25 - 1e-9) == 5
    assert state.in_window(10.25) == 0
    assert state.delay(10.25 - 1e-6) == pytest.approx(1e-6)


def test_sends_at_one_instant_are_counted_each() -> None:
    state = answered(RateLimit(4, 10.0), margin=0.0)
    assert sends_until_blocked(state, 3.0) == 4
    assert state.in_window(3.0) == 4
    assert state.delay(3.0) == 10.0
    assert sends_until_blocked(state, 13.0) == 4


def test_the_log_keeps_one_entry_per_send_time_however_many_sends() -> None:
    # The module promises memory that does not grow with the number of sends at one time.
    state = answered(RateLimit(MAX_LIMIT, 60.0), margin=0.0)
    assert sends_until_blocked(state, 0.0, bound=MAX_LIMIT + 1) == MAX_LIMIT
    assert sends_until_blocked(state, 1.0) == 0
    assert len(state._sent) == 1  # pyright: ignore[reportPrivateUsage]


# --- rule 2: the server's word wins -------------------------------------------------------


def test_sends_the_server_counted_and_we_did_not_are_dated_at_our_oldest() -> None:
    state = RateState(RateLimit(10, 10.0), margin=0.0)
    assert state.delay(2.0) == 0.0  # the probe
    state.on_response(3.0, RateHeaders(limit=10, remaining=5), status_code=200)
    assert state.in_window(3.0) == 5  # ours + 4 we did not make
    assert len(state._sent) == 1  # one entry per send time  # pyright: ignore[reportPrivateUsage]
    assert sends_until_blocked(state, 4.0) == 5
    assert state.delay(4.0) == 8.0  # all five at 2.0 leave at 12.0
    assert sends_until_blocked(state, 12.0) == 5
    assert state.in_window(12.0) == 10  # the five at 4.0 and the five at 12.0


def test_with_nothing_sent_the_server_counted_sends_are_dated_now() -> None:
    state = RateState(None, margin=0.0)
    state.on_response(1.0, RateHeaders(limit=3, remaining=1), status_code=200)
    assert state.in_window(1.0) == 2
    assert state.delay(5.0) == 0.0
    assert state.delay(5.0) == 56.0  # the two at 1.0 leave at 61.0


def test_a_server_that_counts_no_more_than_we_did_adds_nothing() -> None:
    state = RateState(None, margin=0.0)
    state.on_response(1.0, RateHeaders(limit=2, remaining=2), status_code=200)
    assert state.in_window(1.0) == 0
    assert state.delay(5.0) == 0.0
    assert state.delay(6.0) == 0.0
    assert state.delay(7.0) == 58.0  # the first of our own sends, at 5.0, leaves at 65.0
    state.on_response(7.0, RateHeaders(limit=2, remaining=1), status_code=200)
    assert state.in_window(7.0) == 2


def test_remaining_without_any_limit_known_changes_nothing() -> None:
    state = RateState(None, margin=0.0)
    state.on_response(1.0, RateHeaders(remaining=0), status_code=200)
    assert state.limit is None
    assert sends_until_blocked(state, 1.0, bound=50) == 50


# --- learning the window (auto mode) --------------------------------------------------------


def test_only_a_response_that_opened_the_window_teaches_its_length() -> None:
    state = RateState(None)
    state.on_response(0.0, RateHeaders(limit=60, remaining=58, reset_after=9.5), status_code=200)
    assert state.window == 60.0
    state.on_response(0.0, RateHeaders(limit=60, remaining=60, reset_after=9.5), status_code=200)
    assert state.window == 60.0
    state.on_response(0.0, RateHeaders(limit=60, remaining=59), status_code=200)
    assert state.window == 60.0
    state.on_response(0.0, RateHeaders(limit=60, remaining=59, reset_after=0.0), status_code=200)
    assert state.window == 60.0
    state.on_response(0.0, RateHeaders(limit=60, remaining=59, reset_after=9.5), status_code=200)
    assert state.window == 9.0


def test_a_configured_window_is_never_relearned() -> None:
    state = RateState(RateLimit(60, 60.0))
    state.on_response(0.0, RateHeaders(limit=60, remaining=59, reset_after=9.5), status_code=200)
    state.on_response(1.0, RateHeaders(limit=60, remaining=0), status_code=429)
    assert (state.limit, state.window) == (60, 60.0)


@pytest.mark.parametrize(
    ("reset_after", "round_trip", "window"),
    [
        (9.3, 1.5, 10.0),
        (9.6, 0.5, 10.0),
        (9.3, 0.0, 9.0),
        (0.4, 0.0, 1.0),
        (1.0, 0.0, 1.0),
        (100.0, 0.0, 60.0),
    ],
)
def test_the_window_is_the_floor_of_reset_plus_the_round_trip(
    reset_after: float, round_trip: float, window: float
) -> None:
    state = RateState(None)
    headers = RateHeaders(limit=60, remaining=59, reset_after=reset_after)
    state.on_response(0.0, headers, status_code=200, round_trip=round_trip)
    assert state.window == window


def test_the_smallest_estimate_is_kept() -> None:
    state = RateState(None)
    opened = RateHeaders(limit=60, remaining=59, reset_after=10.5)
    state.on_response(0.0, opened, status_code=200)
    assert state.window == 10.0
    state.on_response(20.0, RateHeaders(limit=60, remaining=59, reset_after=8.2), status_code=200)
    assert state.window == 8.0
    state.on_response(40.0, opened, status_code=200)
    assert state.window == 8.0


def test_each_429_lengthens_a_learned_window_by_a_second_up_to_max_wait() -> None:
    state = RateState(None, max_wait=10.5)
    state.on_response(0.0, RateHeaders(limit=60, remaining=59, reset_after=9.2), status_code=200)
    assert state.window == 9.0
    state.on_response(1.0, RateHeaders(), status_code=503)
    assert state.window == 9.0
    state.on_response(1.0, RateHeaders(), status_code=429)
    assert state.window == 10.0
    state.on_response(2.0, RateHeaders(), status_code=429)
    assert state.window == 10.5


def test_a_429_before_any_window_was_learned_changes_no_window() -> None:
    state = RateState(None)
    state.on_response(1.0, RateHeaders(limit=60, remaining=0), status_code=429)
    assert state.window == 60.0


# --- the gate a 429 closes ------------------------------------------------------------------


def test_the_gate_holds_every_request_back_until_it_opens() -> None:
    state = answered(None)
    state.close_gate(1.0, 2.5)
    assert state.delay(1.0) == 2.5
    assert state.delay(3.0) == 0.5
    assert state.delay(3.5) == 0.0


def test_a_negative_wait_closes_no_gate() -> None:
    state = answered(None)
    state.close_gate(1.0, -5.0)
    assert state.delay(1.0) == 0.0


def test_a_shorter_wait_never_reopens_a_closed_gate() -> None:
    state = answered(None)
    state.close_gate(0.0, 5.0)
    state.close_gate(1.0, 1.0)
    assert state.delay(2.0) == 3.0


def test_the_gate_is_capped_at_max_wait_from_when_it_closes() -> None:
    state = answered(None, max_wait=4.0)
    state.close_gate(10.0, 4.5)
    assert state.delay(10.0) == 4.0
    assert state.delay(14.0) == 0.0
