"""The shell commands the docs tell a newcomer to type work as typed.

The `bash` blocks of docs/guides/cli.md run in bash, line by line as a newcomer pastes them,
with the exports that `python -m webwork_async.testing serve` prints, against the same seeded
fake the Python blocks use (`docs_server` in the root conftest.py). Issue 14: the quickstart
ids did not exist in the served fake, and nothing ran the documented commands.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from webwork_async.testing import FakeServer

ROOT = Path(__file__).resolve().parent.parent
CLI_PAGE = ROOT / "docs" / "guides" / "cli.md"
GETTING_STARTED = ROOT / "docs" / "getting-started.md"


def bash_blocks(path: Path) -> list[str]:
    return re.findall(r"^```bash\n(.*?)^```", path.read_text(), re.DOTALL | re.MULTILINE)


def served_env(server: FakeServer) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        WEBWORK_BASE_URL=server.url,
        WEBWORK_TOKEN="test-token",
        WEBWORK_WORKSPACE_ID="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    return env


def test_the_cli_page_has_commands_to_run() -> None:
    commands = [line for block in bash_blocks(CLI_PAGE) for line in block.splitlines()]
    assert sum(line.startswith("webwork ") for line in commands) >= 10


@pytest.mark.parametrize("block", bash_blocks(CLI_PAGE), ids=lambda b: b.splitlines()[0][:40])
def test_every_command_of_the_cli_page_works_as_typed(
    block: str, docs_server: FakeServer, tmp_path: Path
) -> None:
    # `webwork` is this interpreter's console script, whether or not it is on PATH.
    script = f'webwork() {{ "{sys.executable}" -m webwork_async.cli "$@"; }}\nset -eu\n{block}'
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=served_env(docs_server),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def read_banner(process: subprocess.Popen[bytes], lines: int) -> list[str]:
    """Up to ``lines`` lines, each within a few seconds of the one before (no blocking read)."""
    assert process.stdout is not None
    fd, received = process.stdout.fileno(), b""
    timeout = 30.0  # the first line waits for the interpreter to start
    while received.count(b"\n") < lines and select.select([fd], [], [], timeout)[0]:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        received += chunk
        timeout = 3.0
    return received.decode().splitlines(keepends=True)[:lines]


def test_the_banner_the_getting_started_page_quotes_is_what_serve_prints() -> None:
    quoted = re.search(
        r"```text\n(WebWork fake listening.*?)```", GETTING_STARTED.read_text(), re.S
    )
    assert quoted is not None
    with subprocess.Popen(
        [sys.executable, "-m", "webwork_async.testing", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as process:
        try:
            banner = read_banner(process, len(quoted.group(1).splitlines()))
        finally:
            process.terminate()
            process.wait(timeout=30)
    port = re.search(r"127\.0\.0\.1:(\d+)", banner[0])
    assert port is not None
    expected = quoted.group(1).replace("127.0.0.1:8000", f"127.0.0.1:{port.group(1)}")
    assert "".join(banner) == expected
