"""The fake's per-user fixed-window rate limit."""

from __future__ import annotations

import math
import time

import httpx
import pytest

from webwork_async.testing import FakeWebWork, RateLimit

AUTH = {"Authorization": "Bearer test-token"}


def make_client(fake: FakeWebWork, token: str = "test-token") -> httpx.Client:
    return httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {token}"},
    )


def test_off_by_default(client: httpx.Client) -> None:
    response = client.get("/workspaces")

    assert "x-ratelimit-limit" not in response.headers
    assert all(client.get("/workspaces").status_code == 200 for _ in range(100))


def test_documented_limit() -> None:
    assert RateLimit.documented() == RateLimit(limit=60, window=60.0)


def test_headers_and_429() -> None:
    fake = FakeWebWork(rate_limit=RateLimit(limit=3, window=60))
    project_id = fake.add_project("P")
    started = time.time()
    with make_client(fake) as client:
        responses = [
            client.post("/tasks", json={"workspace_id": 1, "project_id": project_id, "title": "t"})
            for _ in range(5)
        ]

    assert [r.status_code for r in responses] == [201, 201, 201, 429, 429]
    assert [r.headers["x-ratelimit-remaining"] for r in responses] == ["2", "1", "0", "0", "0"]
    assert {r.headers["x-ratelimit-limit"] for r in responses} == {"3"}
    reset = int(responses[0].headers["x-ratelimit-reset"])
    assert math.ceil(started + 60) <= reset <= math.ceil(time.time() + 60)
    limited = responses[3]
    assert limited.json()["message"] == "Too Many Attempts."
    assert limited.json()["success"] is False
    assert 59 <= int(limited.headers["retry-after"]) <= 60
    assert fake.stats.rate_limited == 2
    assert fake.stats.by_status == {201: 3, 429: 2}
    assert len([key for key in fake.applied if key[0] == "create_task"]) == 3


def test_errors_count_and_carry_headers() -> None:
    fake = FakeWebWork(rate_limit=RateLimit(limit=2, window=60))
    with make_client(fake) as client:
        invalid = client.get("/members")  # 422: still a request against the limit
        ok = client.get("/members", params={"workspace_id": 1})
        limited = client.get("/members", params={"workspace_id": 1})

    assert invalid.status_code == 422
    assert invalid.headers["x-ratelimit-remaining"] == "1"
    assert ok.headers["x-ratelimit-remaining"] == "0"
    assert limited.status_code == 429


def test_window_resets() -> None:
    fake = FakeWebWork(rate_limit=RateLimit(limit=1, window=0.2))
    with make_client(fake) as client:
        first = client.get("/workspaces")
        limited = client.get("/workspaces")
        time.sleep(0.25)
        after_reset = client.get("/workspaces")

    assert [first.status_code, limited.status_code, after_reset.status_code] == [200, 429, 200]
    assert limited.headers["retry-after"] == "1"  # whole seconds, rounded up
    assert after_reset.headers["x-ratelimit-remaining"] == "0"


def test_limit_is_per_user() -> None:
    fake = FakeWebWork(rate_limit=RateLimit(limit=1, window=60))
    fake.add_token("ann-token", fake.add_member("ann@example.com", "Ann", "Lee"))
    with make_client(fake) as owner, make_client(fake, "ann-token") as ann:
        assert owner.get("/workspaces").status_code == 200
        assert owner.get("/workspaces").status_code == 429
        assert ann.get("/workspaces").status_code == 200


def test_unauthenticated_requests_are_not_limited() -> None:
    fake = FakeWebWork(rate_limit=RateLimit(limit=1, window=60))
    with make_client(fake, "wrong") as client:
        responses = [client.get("/workspaces") for _ in range(3)]

    assert [r.status_code for r in responses] == [401, 401, 401]
    assert "x-ratelimit-limit" not in responses[0].headers


def test_enabling_at_runtime() -> None:
    fake = FakeWebWork()
    with make_client(fake) as client:
        client.get("/workspaces")
        fake.rate_limit = RateLimit(limit=1, window=60)
        assert client.get("/workspaces").status_code == 200
        assert client.get("/workspaces").status_code == 429
        fake.rate_limit = None
        assert client.get("/workspaces").status_code == 200


@pytest.mark.parametrize(("limit", "window"), [(0, 60.0), (10, 0.0)])
def test_invalid_limits(limit: int, window: float) -> None:
    with pytest.raises(ValueError, match="RateLimit"):
        RateLimit(limit=limit, window=window)
