"""The fake WebWork server in its own process, so that its CPU does not share the client's GIL."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator

TOKEN = "bench-token"


@contextlib.contextmanager
def fake_server(*args: str) -> Iterator[str]:
    """Start ``python -m webwork_async.testing serve --port 0 ARGS...``; yield its base URL."""
    command = [sys.executable, "-m", "webwork_async.testing", "serve", "--port", "0"]
    command += ["--token", TOKEN, *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if "listening on" not in line:
            raise RuntimeError(f"the fake did not start: {line!r}")
        yield line.split("listening on ", 1)[1].split()[0]
    finally:
        process.terminate()
        process.wait(timeout=10)
