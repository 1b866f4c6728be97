# This file is generated from tests/_async/test_reports.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""client.reports: tracked_hours, daily_timeline, activity_level, daily_attendance, task_report
(API reference §3.14, §5.19).

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. The docs give the reports' parameters but not their response
fields: only the tracked-hours example starts `report_type`, `start_date`, `end_date`. The other
keys in the canned reports below are placeholders, and the tests only check that they reach
`Report.raw` untouched.
"""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from support import BASE_URL, META, TOKEN, assert_authenticated, fail, last_request, ok
from webwork_async import (
    InvalidRequestError,
    PermissionDeniedError,
    ResponseDecodeError,
    UnprocessableEntityError,
    WebWork,
)
from webwork_async.models._reports import AttendanceFilter, Report

TRACKED_HOURS = {
    "report_type": "tracked_hours",
    "start_date": "2024-01-15",
    "end_date": "2024-01-21",
    "placeholder_totals": {"minutes": 2400, "amount": {"USD": 1200.0}},
    "placeholder_days": {"2024-01-15": [{"user_id": 100, "minutes": 480}]},
}
TODAY = date.today()


def report_page(data: object, page: int, last_page: int, per_page: int = 30) -> httpx.Response:
    """A report page with `meta.pagination` (reports paginate by member)."""
    meta = {
        **META,
        "pagination": {
            "current_page": page,
            "per_page": per_page,
            "total": last_page * per_page,
            "last_page": last_page,
        },
    }
    return httpx.Response(200, json={"success": True, "data": data, "meta": meta})


# --- tracked hours ------------------------------------------------------------------------


def test_tracked_hours_sends_every_parameter_with_arrays_comma_separated(api) -> None:
    route = api.get("/reports/tracked-hours").mock(return_value=ok(TRACKED_HOURS))

    with WebWork(TOKEN, workspace_id=1) as client:
        report = client.reports.tracked_hours(
            start_date="2024-01-15",
            end_date=date(2024, 1, 21),
            user_id=100,
            users=[100, 101],
            projects=[285469],
            teams=[7, 8, 9],
            titles=["Developer", "QA Engineer"],
            currencies=["USD", "EUR"],
        )

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/reports/tracked-hours"
    assert dict(request.url.params) == {
        "workspace_id": "1",
        "user_id": "100",
        "start_date": "2024-01-15",
        "end_date": "2024-01-21",
        "users": "100,101",
        "projects": "285469",
        "teams": "7,8,9",
        "titles": "Developer,QA Engineer",
        "currencies": "USD,EUR",
    }
    assert_authenticated(request)
    assert report == Report(
        raw=TRACKED_HOURS,
        report_type="tracked_hours",
        start_date=date(2024, 1, 15),
        end_date=date(2024, 1, 21),
    )
    assert report.has_next_page is False


def test_tracked_hours_without_dates_leaves_the_current_week_to_the_server(api) -> None:
    route = api.get("/reports/tracked-hours").mock(return_value=ok(TRACKED_HOURS))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.reports.tracked_hours()

    assert str(last_request(route).url) == f"{BASE_URL}/reports/tracked-hours?workspace_id=1"


def test_tracked_hours_range_is_capped_at_31_days_only_for_one_member(api) -> None:
    route = api.get("/reports/tracked-hours").mock(return_value=ok(TRACKED_HOURS))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.reports.tracked_hours(start_date="2024-01-01", end_date="2024-03-31")
        client.reports.tracked_hours(start_date="2024-01-01", end_date="2024-01-31", user_id=100)
        with pytest.raises(InvalidRequestError) as caught:
            client.reports.tracked_hours(
                start_date="2024-01-01", end_date="2024-02-01", user_id=100
            )

    assert caught.value.field == "end_date"
    assert route.call_count == 2


def test_report_keeps_unrecognisable_dates_in_raw_only(api) -> None:
    odd = {"report_type": 7, "start_date": "week 3", "end_date": None, "x": 1}
    api.get("/reports/tracked-hours").mock(return_value=ok(odd))

    with WebWork(TOKEN, workspace_id=1) as client:
        report = client.reports.tracked_hours()

    assert (report.report_type, report.start_date, report.end_date) == (None, None, None)
    assert report.raw == odd


@pytest.mark.parametrize("empty", [None, [], {}])
def test_an_empty_report_is_an_empty_raw_object(api, empty) -> None:
    api.get("/reports/tracked-hours").mock(return_value=ok(empty))

    with WebWork(TOKEN, workspace_id=1) as client:
        report = client.reports.tracked_hours()

    assert report == Report(raw={})


def test_a_report_that_is_a_list_raises_response_decode_error(api) -> None:
    api.get("/reports/tracked-hours").mock(return_value=ok([{"user_id": 100}]))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError) as caught:
            client.reports.tracked_hours()

    assert caught.value.status_code == 200
    assert "object" in caught.value.reason


def test_reports_for_a_regular_member_raise_permission_denied(api) -> None:
    # Reports are for workspace owners and executive managers only.
    api.get("/reports/tracked-hours").mock(return_value=fail(403, "Access denied"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(PermissionDeniedError, match="Access denied"):
            client.reports.tracked_hours()


# --- daily timeline -----------------------------------------------------------------------


def test_daily_timeline_sends_the_day_members_and_page(api) -> None:
    data = {"date": TODAY.isoformat(), "placeholder_members": [{"user_id": 100}]}
    route = api.get("/reports/daily-timeline").mock(return_value=report_page(data, 1, 3))

    with WebWork(TOKEN, workspace_id=1) as client:
        report = client.reports.daily_timeline(date=TODAY, user_ids=[100, 101])

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/reports/daily-timeline"
    assert dict(request.url.params) == {
        "workspace_id": "1",
        "date": TODAY.isoformat(),
        "user_ids": "100,101",
        "page": "1",
        "per_page": "30",
    }
    assert_authenticated(request)
    assert report.raw == data
    assert (report.page, report.last_page, report.per_page, report.total) == (1, 3, 30, 90)
    assert report.has_next_page is True


def test_paginated_report_pages_are_fetched_one_call_each(api) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        return report_page({"placeholder_page": number}, number, 3, per_page=2)

    route = api.get("/reports/daily-timeline").mock(side_effect=respond)

    with WebWork(TOKEN, workspace_id=1) as client:
        raws = []
        page = 1
        while True:
            report = client.reports.daily_timeline(date=TODAY, page=page, per_page=2)
            raws.append(report.raw)
            if not report.has_next_page:
                break
            page += 1

    assert raws == [{"placeholder_page": 1}, {"placeholder_page": 2}, {"placeholder_page": 3}]
    assert [call.request.url.params["page"] for call in route.calls] == ["1", "2", "3"]
    assert {call.request.url.params["per_page"] for call in route.calls} == {"2"}


def test_daily_timeline_reaches_a_year_back(api) -> None:
    route = api.get("/reports/daily-timeline").mock(return_value=ok({}))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.reports.daily_timeline(date=TODAY - timedelta(days=365))
        client.reports.daily_timeline(date=(TODAY + timedelta(days=1)).isoformat())
        for day in (TODAY - timedelta(days=400), TODAY + timedelta(days=400)):
            with pytest.raises(InvalidRequestError) as caught:
                client.reports.daily_timeline(date=day)
            assert caught.value.field == "date"

    assert route.call_count == 2


# --- activity level -----------------------------------------------------------------------


def test_activity_level_sends_the_range_contract_members_and_page(api) -> None:
    data = {"start_date": "2024-01-01", "end_date": "2024-01-31", "placeholder": []}
    route = api.get("/reports/activity-level").mock(return_value=report_page(data, 2, 2, 50))

    with WebWork(TOKEN, workspace_id=1) as client:
        report = client.reports.activity_level(
            start_date="2024-01-01",
            end_date="2024-01-31",
            contract_id=560314,
            user_ids=[100],
            page=2,
            per_page=50,
        )

    request = last_request(route)
    assert request.url.path == "/api/v2/reports/activity-level"
    assert dict(request.url.params) == {
        "workspace_id": "1",
        "start_date": "2024-01-01",
        "end_date": "2024-01-31",
        "contract_id": "560314",
        "user_ids": "100",
        "page": "2",
        "per_page": "50",
    }
    assert (report.start_date, report.end_date) == (date(2024, 1, 1), date(2024, 1, 31))
    assert (report.page, report.last_page, report.has_next_page) == (2, 2, False)


def test_docs_disagree_activity_level_paginates_by_member_not_by_day(api) -> None:
    # Its description says "paginated by day (30 days/page)", its parameters page by member
    # (per_page default 30, max 100). The parameters are what the SDK sends.
    route = api.get("/reports/activity-level").mock(return_value=ok({}))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.reports.activity_level(start_date="2024-01-01", end_date="2024-01-31")
        with pytest.raises(InvalidRequestError) as caught:
            client.reports.activity_level(
                start_date="2024-01-01", end_date="2024-01-31", per_page=101
            )

    params = last_request(route).url.params
    assert (params["page"], params["per_page"]) == ("1", "30")
    assert caught.value.field == "per_page"
    assert route.call_count == 1


# --- daily attendance ---------------------------------------------------------------------


def test_daily_attendance_sends_members_and_statuses_comma_separated(api) -> None:
    route = api.get("/reports/daily-attendance").mock(return_value=report_page({}, 1, 1))

    with WebWork(TOKEN, workspace_id=1) as client:
        report = client.reports.daily_attendance(
            date="2024-01-15",
            users=[100, 101],
            status=[AttendanceFilter.LATE, "left_early", AttendanceFilter.ON_LEAVE],
            per_page=100,
        )

    request = last_request(route)
    assert request.url.path == "/api/v2/reports/daily-attendance"
    assert dict(request.url.params) == {
        "workspace_id": "1",
        "date": "2024-01-15",
        "users": "100,101",
        "status": "late,left_early,on_leave",
        "page": "1",
        "per_page": "100",
    }
    assert report.page == 1 and not report.has_next_page


# --- task report --------------------------------------------------------------------------


def test_task_report_sends_arrays_and_include_no_task_false_as_0(api) -> None:
    route = api.get("/reports/task-report").mock(return_value=report_page({}, 1, 1))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.reports.task_report(
            start_date="2024-01-01",
            end_date="2024-01-31",
            users=[100],
            project_id=[285469, 285470],
            task_id=[12345],
            include_no_task=False,
        )

    request = last_request(route)
    assert request.url.path == "/api/v2/reports/task-report"
    assert dict(request.url.params) == {
        "workspace_id": "1",
        "start_date": "2024-01-01",
        "end_date": "2024-01-31",
        "users": "100",
        "project_id": "285469,285470",
        "task_id": "12345",
        "include_no_task": "0",
        "page": "1",
        "per_page": "30",
    }


def test_task_report_leaves_include_no_task_to_its_default_true(api) -> None:
    route = api.get("/reports/task-report").mock(return_value=ok({}))

    with WebWork(TOKEN, workspace_id=3) as client:
        client.reports.task_report(start_date="2024-01-01", end_date="2024-01-01")

    assert str(last_request(route).url) == (
        f"{BASE_URL}/reports/task-report?workspace_id=3&start_date=2024-01-01"
        "&end_date=2024-01-01&page=1&per_page=30"
    )


def test_task_report_rejected_raises_unprocessable(api) -> None:
    api.get("/reports/task-report").mock(return_value=fail(422, "The date range is too long."))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(UnprocessableEntityError):
            client.reports.task_report(start_date="2024-01-01", end_date="2024-01-31")


# --- arguments checked before sending -----------------------------------------------------

JAN = {"start_date": "2024-01-01", "end_date": "2024-01-31"}
TOO_LONG = {"start_date": "2024-01-01", "end_date": "2024-02-01"}

BAD_CALLS = [
    pytest.param(
        lambda c: c.reports.tracked_hours(start_date="2024-02-01", end_date="2024-01-01"),
        "end_date",
        id="hours-order",
    ),
    pytest.param(lambda c: c.reports.tracked_hours(start_date="x"), "start_date", id="hours-date"),
    pytest.param(lambda c: c.reports.tracked_hours(user_id=0), "user_id", id="hours-user"),
    pytest.param(lambda c: c.reports.tracked_hours(users=[]), "users", id="hours-users-empty"),
    pytest.param(lambda c: c.reports.tracked_hours(users="1,2"), "users", id="hours-users-str"),
    pytest.param(lambda c: c.reports.tracked_hours(projects=[0]), "projects[0]", id="hours-proj"),
    pytest.param(lambda c: c.reports.tracked_hours(teams=[1, "2"]), "teams[1]", id="hours-teams"),
    pytest.param(
        lambda c: c.reports.tracked_hours(titles=["Dev, senior"]), "titles[0]", id="hours-comma"
    ),
    pytest.param(lambda c: c.reports.tracked_hours(titles=[""]), "titles[0]", id="hours-title"),
    pytest.param(
        lambda c: c.reports.tracked_hours(currencies="USD"), "currencies", id="hours-currency"
    ),
    pytest.param(lambda c: c.reports.daily_timeline(date=None), "date", id="timeline-no-date"),
    pytest.param(
        lambda c: c.reports.daily_timeline(date=TODAY, user_ids=[-1]),
        "user_ids[0]",
        id="timeline-users",
    ),
    pytest.param(lambda c: c.reports.daily_timeline(date=TODAY, page=0), "page", id="timeline-p0"),
    pytest.param(
        lambda c: c.reports.daily_timeline(date=TODAY, per_page=0), "per_page", id="timeline-pp"
    ),
    pytest.param(lambda c: c.reports.activity_level(**TOO_LONG), "end_date", id="activity-32"),
    pytest.param(
        lambda c: c.reports.activity_level(start_date=None, end_date="2024-01-31"),
        "start_date",
        id="activity-no-start",
    ),
    pytest.param(
        lambda c: c.reports.activity_level(**JAN, contract_id="1"), "contract_id", id="activity-c"
    ),
    pytest.param(
        lambda c: c.reports.daily_attendance(date="2024-01-15", status=["present"]),
        "status[0]",
        id="attendance-present",
    ),
    pytest.param(
        lambda c: c.reports.daily_attendance(date="2024-01-15", status="late"),
        "status",
        id="attendance-status-str",
    ),
    pytest.param(
        lambda c: c.reports.daily_attendance(date="2024-01-15", status=[]),
        "status",
        id="attendance-status-empty",
    ),
    pytest.param(
        lambda c: c.reports.daily_attendance(date="15.01.2024"), "date", id="attendance-date"
    ),
    pytest.param(lambda c: c.reports.task_report(**TOO_LONG), "end_date", id="task-32"),
    pytest.param(
        lambda c: c.reports.task_report(**JAN, include_no_task="false"),
        "include_no_task",
        id="task-bool-str",
    ),
    pytest.param(
        lambda c: c.reports.task_report(**JAN, project_id=285469), "project_id", id="task-proj"
    ),
    pytest.param(lambda c: c.reports.task_report(**JAN, task_id=[0]), "task_id[0]", id="task-id"),
    pytest.param(
        lambda c: c.reports.task_report(**JAN, per_page=101), "per_page", id="task-per-page"
    ),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
def test_bad_arguments_raise_before_sending(api, call, field) -> None:
    api.route().mock(return_value=ok({}))  # would answer anything that got sent

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == field
    assert api.calls.call_count == 0


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: c.reports.tracked_hours(), id="tracked_hours"),
        pytest.param(lambda c: c.reports.daily_timeline(date=TODAY), id="daily_timeline"),
        pytest.param(lambda c: c.reports.activity_level(**JAN), id="activity_level"),
        pytest.param(lambda c: c.reports.daily_attendance(date=TODAY), id="daily_attendance"),
        pytest.param(lambda c: c.reports.task_report(**JAN), id="task_report"),
    ],
)
def test_workspace_id_is_required_when_the_client_has_none(api, call) -> None:
    api.route().mock(return_value=ok({}))

    with WebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == "workspace_id"
    assert api.calls.call_count == 0
