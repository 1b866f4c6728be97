"""Shared helpers for the tests: canned API responses shaped like the documented ones."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from webwork_async import AsyncWebWork, __version__

BASE_URL = "https://api.webwork-tracker.com/api/v2"
TOKEN = "wwk-test-token-3f9a1c"
# The API reference lives beside the repository (not in an sdist: the tests reading it skip).
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "api" / "webwork-api-v2.md"


def reference_endpoints() -> list[str]:
    """The reference's endpoints as ``"METHOD /path"``, in its order (none without it)."""
    if not REFERENCE.exists():
        return []
    found = re.findall(r"^\| \d+ \| (GET|POST|PUT|DELETE) (/\S+) \|", REFERENCE.read_text(), re.M)
    return [f"{method} {path}" for method, path in found]


# Endpoints of the API reference that neither the clients nor the fake cover: those of a
# resource the client does not have (the path's first segment names it: /time-entries is
# client.time_entries). The coverage tests (docs/coverage.md, the fake's routes) hold every
# resource the client has to all of its endpoints in the reference. Empty today.
NOT_COVERED: frozenset[str] = frozenset(
    endpoint
    for endpoint in reference_endpoints()
    if endpoint.split()[1].split("/")[1].replace("-", "_") not in AsyncWebWork.__annotations__
)
META = {"api_version": "2.0.0", "timestamp": "2019-08-24T14:15:22Z"}


def ok(
    data: Any = None, message: str | None = None, *, status: int = 200, **extra: Any
) -> httpx.Response:
    """A successful envelope."""
    body: dict[str, Any] = {"success": True, "data": data, "meta": dict(META), **extra}
    if message is not None:
        body["message"] = message
    return httpx.Response(status, json=body)


def fail(status: int, message: str, *, error: str | None = None, **extra: Any) -> httpx.Response:
    """An error envelope."""
    body = {"success": False, "message": message, "error": error, "meta": dict(META), **extra}
    return httpx.Response(status, json=body)


def paginated(
    items: list[Any], page: int, last_page: int, per_page: int, total: int
) -> httpx.Response:
    """A list page with ``meta.pagination``."""
    meta = dict(META)
    meta["pagination"] = {
        "current_page": page,
        "per_page": per_page,
        "total": total,
        "last_page": last_page,
    }
    return httpx.Response(200, json={"success": True, "data": items, "meta": meta})


# The documented example objects (seeds 000-004), with the elided `[ … ]` lists filled in.
TASK_OLD = {
    "id": 500,
    "title": "Implement user authentication",
    "description": "Add OAuth2 authentication support",
    "project_id": 100,
    "owner_id": 10,
    "creator_id": 100,
    "status": 0,
    "priority": 30,
    "start_date": "2024-01-15",
    "end_date": "2024-01-30",
    "completed_at": "2024-01-30T10:00:00Z",
    "assignees": [{"id": 100, "firstname": "John", "lastname": "Doe"}],
    "has_details": False,
    "created_at": "2024-01-15T09:00:00Z",
    "updated_at": "2024-01-20T14:30:00Z",
    "deleted_at": None,
}
TASK_NEW = {
    "id": 1,
    "title": "Implement user authentication",
    "description": "Add OAuth2 authentication support",
    "project_id": 100,
    "owner_id": 10,
    "creator_id": 42,
    "status": 10,
    "status_name": "In Progress",
    "status_color": "#FFC107",
    "priority": 30,
    "priority_name": "Normal",
    "start_date": "2024-01-15",
    "end_date": "2024-01-30",
    "completed_at": "2024-01-25T14:30:00+00:00",
    "assignees": [{"id": 42, "firstname": "Jane", "lastname": "Roe", "email": "jane@example.com"}],
    "created_at": "2024-01-15T09:00:00+00:00",
    "updated_at": "2024-01-20T14:30:00+00:00",
    "deleted_at": None,
}
PROJECT = {
    "id": 100,
    "name": "Marketing Campaign Q1",
    "owner_id": 10,
    "start_date": "2024-01-15",
    "deadline": "2024-03-31",
    "estimation": 120,
    "budget_estimation": 5000,
    "notes": "Focus on social media channels",
    "icon": "project-icon-1",
    "is_billable": True,
    "rate": 0,
    "weekly_hours_limit": 168,
    "screenshots": "blur",
    "tags": [{"id": 7, "name": "marketing", "color": "#ff0000"}],
    "contracts_count": 3,
    "status": 1,
    "created_at": "2024-01-15T09:00:00Z",
    "updated_at": "2024-01-15T09:00:00Z",
    "deleted_at": None,
}


def last_request(route: respx.Route) -> httpx.Request:
    return route.calls.last.request


def sent_json(route: respx.Route) -> Any:
    """The JSON body of the route's last request."""
    return json.loads(route.calls.last.request.content)


def assert_authenticated(request: httpx.Request) -> None:
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["User-Agent"] == f"webwork-async/{__version__}"


def serve_pages(items: list[dict[str, Any]], per_page: int) -> Callable[..., httpx.Response]:
    """A list endpoint that pages ``items`` and reports it in ``meta.pagination``."""
    last_page = max(1, -(-len(items) // per_page))

    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        chunk = items[(number - 1) * per_page : number * per_page]
        return paginated(chunk, number, last_page, per_page, len(items))

    return respond


def requested_pages(route: respx.Route) -> list[int]:
    return sorted(int(call.request.url.params["page"]) for call in route.calls)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The ``webwork`` command run in process: its exit status, stdout and stderr."""
    from webwork_async.cli import main  # only the CLI tests pay for importing the CLI

    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_csv(path: Path, rows: Sequence[Sequence[object]]) -> str:
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return str(path)


def read_results(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))
