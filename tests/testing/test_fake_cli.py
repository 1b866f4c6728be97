"""``python -m webwork_async.testing serve`` as a user would run it."""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from webwork_async.testing.__main__ import parse_duration, parse_kinds, parse_rate_limit

ROOT = Path(__file__).resolve().parents[2]


def test_serve_prints_the_url_and_stops_on_sigterm() -> None:
    command = [
        sys.executable,
        "-m",
        "webwork_async.testing",
        "serve",
        "--port",
        "0",
        "--tasks",
        "300",
        "--members",
        "4",
        "--latency",
        "5ms",
        "--rate-limit",
        "60/60s",
        "--token",
        "cli-token",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            expected = (
                r"WebWork fake listening on (http://127\.0\.0\.1:\d+/api/v2) \(token: cli-token\)"
            )
            found = re.fullmatch(expected + "\n", line)
            assert found, line
            rest = [process.stdout.readline() for _ in range(5)]
            assert rest[1] == f"  export WEBWORK_BASE_URL={found.group(1)}\n"
            assert rest[2] == "  export WEBWORK_TOKEN=cli-token\n"
            assert rest[4].startswith("Seeded: projects 1000; owner 100, members 101-104;")
            with httpx.Client(base_url=found.group(1)) as client:
                response = client.get(
                    "/tasks",
                    params={"workspace_id": 1, "project_id": 1000, "per_page": 100},
                    headers={"Authorization": "Bearer cli-token"},
                )
            assert response.status_code == 200
            assert response.json()["meta"]["pagination"]["total"] == 300
            assert response.headers["x-ratelimit-limit"] == "60"
        finally:
            process.send_signal(signal.SIGTERM)
            _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("50ms", 0.05), ("0.05", 0.05), ("2s", 2.0), ("1m", 60.0), ("0", 0.0)],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("text", "limit", "window"),
    [("60/60s", 60, 60.0), ("60/min", 60, 60.0), ("5/500ms", 5, 0.5), ("100/1m", 100, 60.0)],
)
def test_parse_rate_limit(text: str, limit: int, window: float) -> None:
    parsed = parse_rate_limit(text)

    assert parsed is not None
    assert (parsed.limit, parsed.window) == (limit, pytest.approx(window))


def test_parse_errors() -> None:
    assert parse_rate_limit("off") is None
    with pytest.raises(argparse.ArgumentTypeError):
        parse_duration("soon")
    with pytest.raises(argparse.ArgumentTypeError):
        parse_rate_limit("lots")


def test_parse_kinds_knows_the_hostile_kinds() -> None:
    assert parse_kinds("500, gzip_bomb,trickle") == ("500", "gzip_bomb", "trickle")
    with pytest.raises(argparse.ArgumentTypeError, match="pages_forever"):
        parse_kinds("gzip-bomb")
