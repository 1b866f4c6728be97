"""WEBWORK_LOG=debug: one line per request and retry on stderr, and never the token."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import respx

from support import TOKEN, fail, ok
from webwork_async import WebWork
from webwork_async._retry import RetryPolicy


@pytest.fixture
def restore_loggers() -> Iterator[None]:
    yield
    for name in ("webwork_async", "httpx"):
        configured = logging.getLogger(name)
        for handler in list(configured.handlers):
            configured.removeHandler(handler)
        configured.setLevel(logging.NOTSET)


def test_webwork_log_debug_prints_a_line_per_request_and_retry(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    restore_loggers: None,
) -> None:
    monkeypatch.setenv("WEBWORK_LOG", "debug")
    monkeypatch.setattr(RetryPolicy, "_backoff", lambda self, attempt: 0.0)
    api.get("/tasks/7").mock(side_effect=[fail(503, "busy"), ok({"id": 7, "title": "t"})])
    with WebWork(TOKEN, workspace_id=1) as client:
        client.tasks.get(7, project_id=1)
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "webwork_async" in line]
    assert len(lines) == 3, err  # the 503, the retry notice, the 200
    assert "-> 503 in" in lines[0]
    assert "retrying GET" in lines[1]
    assert "-> 200 in" in lines[2]
    assert TOKEN not in err


def test_without_the_variable_nothing_is_configured(
    api: respx.MockRouter, restore_loggers: None
) -> None:
    with WebWork(TOKEN, workspace_id=1):
        pass
    assert not logging.getLogger("webwork_async").handlers
