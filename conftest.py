"""The documentation's Python blocks run as tests, against the fake, as a newcomer pastes them.

pytest collects README.md and docs/**/*.md (`testpaths` in pyproject.toml) through Sybil. Every
```python block of a page runs in order, in one namespace per page (as if pasted one after the
other), after `python -m webwork_async.testing serve` with the exports its banner prints: the
`docs_env` fixture serves the same seeded fake in-process on 127.0.0.1 and sets those variables.
A block preceded by the line `<!-- partial -->` is deliberately incomplete: it is only compiled.
A block that defines `test_*` functions has them called, as pytest would call them in a test
file (an `async def` one under asyncio and under trio).

No block reaches the internet: while one runs, connecting to any host but loopback fails.
"""

from __future__ import annotations

import ast
import inspect
import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser

from webwork_async.testing import FakeServer, FakeWebWork

PARTIAL = "<!-- partial -->\n"
# What `python -m webwork_async.testing serve` uses by default (its --token, --workspace-id,
# --seed, --projects, --tasks, --members, --days and custom statuses).
SERVE_TOKEN = "test-token"
SERVE_WORKSPACE_ID = 1


def _is_partial(example: Example) -> bool:
    return example.document.text[: example.region.start].endswith(PARTIAL)


def _run_tests_defined(namespace: dict[str, Any], before: set[str]) -> None:
    for name, value in list(namespace.items()):
        if name in before or not name.startswith("test_") or not callable(value):
            continue
        if inspect.iscoroutinefunction(value):
            for backend in ("asyncio", "trio"):
                anyio.run(value, backend=backend)
        else:
            value()


def _evaluate(example: Example) -> None:
    # Blank lines first, so that a traceback names the line of the markdown file.
    source = "\n" * example.line + str(example.parsed)
    if _is_partial(example):
        # A fragment may use `await` or `async for` as if inside an async function.
        compile(source, example.path, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        return
    code = compile(source, example.path, "exec")
    namespace: dict[str, Any] = example.namespace
    namespace.setdefault("__name__", "__main__")
    before = set(namespace)
    exec(code, namespace)
    _run_tests_defined(namespace, before)


@pytest.fixture(scope="session")
def docs_server() -> Iterator[FakeServer]:
    fake = FakeWebWork(token=SERVE_TOKEN, workspace_id=SERVE_WORKSPACE_ID, seed=0)
    fake.seed_workspace(projects=1, tasks_per_project=100, members=5, custom_statuses=True, days=14)
    with fake.serve("127.0.0.1", 0) as server:
        yield server


def _is_loopback(host: object) -> bool:
    name = (host.decode() if isinstance(host, bytes) else str(host)).split("%", 1)[0]
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name == "localhost"


def _loopback_only(address: object) -> None:
    if isinstance(address, tuple) and address and not _is_loopback(address[0]):
        raise ConnectionRefusedError(f"the docs tests connect to loopback only, not {address[0]}")


@pytest.fixture
def docs_env(docs_server: FakeServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The exports the `serve` banner prints, a fresh working directory for the files a block
    writes, and no connection beyond loopback."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WEBWORK_BASE_URL", docs_server.url)
    monkeypatch.setenv("WEBWORK_TOKEN", SERVE_TOKEN)
    monkeypatch.setenv("WEBWORK_WORKSPACE_ID", str(SERVE_WORKSPACE_ID))
    for name in ("WEBWORK_LOG", "WEBWORK_RATE_STORE"):
        monkeypatch.delenv(name, raising=False)
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex
    getaddrinfo = socket.getaddrinfo

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback(host):
            raise socket.gaierror(socket.EAI_NONAME, f"the docs tests resolve no name: {host}")
        return getaddrinfo(host, *args, **kwargs)

    def guarded_connect(self: socket.socket, address: Any) -> None:
        _loopback_only(address)
        connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        _loopback_only(address)
        return connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


pytest_collect_file = Sybil(
    parsers=[CodeBlockParser(language="python", evaluator=_evaluate)],
    # Path.match patterns, matched from the right: one per depth of docs/.
    patterns=["README.md", "docs/*.md", "docs/*/*.md"],
    fixtures=["docs_env"],
    path=str(Path(__file__).parent),
).pytest()
