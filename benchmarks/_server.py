"""The servers the benchmarks talk to, each in its own process, so that its CPU does not share
the client's GIL: the fake itself, or the fake's answers replayed (``_replay.py``)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

TOKEN = "bench-token"
_REPLAY = str(Path(__file__).resolve().parent / "_replay.py")


@contextlib.contextmanager
def fake_server(*args: str) -> Iterator[str]:
    """Start ``python -m webwork_async.testing serve --port 0 ARGS...``; yield its base URL."""
    with _process([sys.executable, "-m", "webwork_async.testing", "serve", *args]) as url:
        yield url


@contextlib.contextmanager
def replay_server(*args: str) -> Iterator[str]:
    """Start ``python benchmarks/_replay.py --port 0 ARGS...`` (the fake's answers rendered
    once, then sent from memory after the latency); yield its base URL."""
    with _process([sys.executable, _REPLAY, *args]) as url:
        yield url


@contextlib.contextmanager
def _process(command: list[str]) -> Iterator[str]:
    command += ["--port", "0", "--token", TOKEN]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if "listening on" not in line:
            raise RuntimeError(f"the server did not start: {line!r}")
        yield line.split("listening on ", 1)[1].split()[0]
    finally:
        process.terminate()
        process.wait(timeout=10)
