"""The envelope as the resources see it: ``parse_response`` keeps the whole parsed body, and
the Envelope's helpers decide once what "the server sent the object back" means."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from support import BASE_URL, META, TOKEN
from webwork_async import ResponseDecodeError, WebWork
from webwork_async._response import Envelope, parse_response
from webwork_async.models import TimeRequest, Timesheet


def envelope(data: Any, **extra: Any) -> Envelope:
    request = httpx.Request(
        "PUT", f"{BASE_URL}/things/1", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    body = {"success": True, "data": data, "meta": dict(META), **extra}
    return parse_response(httpx.Response(200, json=body, request=request))


def test_the_envelope_keeps_the_whole_parsed_body() -> None:
    parsed = envelope({"id": 1}, saved_minutes=240, message="done")

    assert parsed.body == {
        "success": True,
        "data": {"id": 1},
        "meta": META,
        "saved_minutes": 240,
        "message": "done",
    }
    assert parsed.data == {"id": 1}
    assert parsed.message == "done"


@pytest.mark.parametrize("data", [None, [], {}, "ok", 1])
def test_no_object_back_decodes_to_none(data: Any) -> None:
    assert envelope(data).decode_object(Timesheet) is None
    assert envelope(data).decode_object(TimeRequest, requires="id") is None


def test_an_object_without_the_required_key_decodes_to_none() -> None:
    assert envelope({"status": "approved"}).decode_object(TimeRequest, requires="id") is None
    assert envelope({"id": None}).decode_object(TimeRequest, requires="id") is None


def test_an_object_back_is_decoded() -> None:
    sheet = envelope({"id": "9"}).decode_object(Timesheet)
    request = envelope({"id": "7"}).decode_object(TimeRequest, requires="id")

    assert sheet is not None
    assert sheet.id == "9"
    assert request is not None
    assert request.id == "7"


def test_malformed_names_the_request_and_quotes_the_body_without_the_token() -> None:
    parsed = envelope(["not", "an", "object", TOKEN])

    error = parsed.malformed("expected an object")

    assert isinstance(error, ResponseDecodeError)
    assert (error.status_code, error.method) == (200, "PUT")
    assert error.url == f"{BASE_URL}/things/1"
    assert "not" in str(error.body)
    assert TOKEN not in repr(error) + str(error) + str(error.body)


def test_create_reads_saved_minutes_from_the_parsed_envelope_not_a_second_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_second_parse(self: httpx.Response, **kwargs: Any) -> Any:
        raise AssertionError("the body was parsed again")

    body = {"success": True, "message": "added", "saved_minutes": 30, "data": {"id": "e-1"}}
    with respx.mock(base_url=BASE_URL) as api:
        api.post("/time-entries").mock(return_value=httpx.Response(201, json=body))
        monkeypatch.setattr(httpx.Response, "json", no_second_parse)
        with WebWork(TOKEN, workspace_id=1, rate_limit=None) as client:
            entry = client.time_entries.create(
                user_id=100, date="2026-01-29", start_time="09:00", end_time="09:30"
            )

    assert (entry.id, entry.saved_minutes, entry.message) == ("e-1", 30, "added")
