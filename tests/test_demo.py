"""README's first command: the demo runs against the fake on loopback and loses nothing."""

from __future__ import annotations

import io
import subprocess
import sys

from webwork_async.testing._demo import run_demo


def test_the_demo_lists_assigns_tracks_and_sums_up() -> None:
    out = io.StringIO()
    assert run_demo(tasks=450, assign=120, latency=0.0, out=out) == 0
    text = out.getvalue()
    assert "Listed 450 tasks" in text
    assert "BulkResult(succeeded=120, failed=0, not_sent=0, unknown=0" in text
    assert "assignments applied:          120 of 120" in text
    assert "lost: 0" in text
    assert "Started a tracker" in text
    assert "Stopped it" in text


def test_the_demo_command_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "webwork_async.testing", "demo", "--tasks", "200", "--assign", "50"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "lost: 0" in result.stdout
