"""Run every program in ``examples/`` against the fake WebWork server.

Each script runs as a subprocess (``sys.executable examples/<name>.py``) with its settings in
environment variables pointing at a :class:`~webwork_async.testing.FakeWebWork` served on
127.0.0.1; the FastAPI app runs in process under Starlette's ``TestClient``, which drives its
lifespan (start-up and shutdown) for real. The assertions look at the programs' output and at
the fake's state.
"""

from __future__ import annotations

import asyncio
import csv
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from webwork_async import AsyncWebWork, TaskStatus
from webwork_async.testing import FakeServer, FakeWebWork, SeedInfo

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TIMEOUT = 60


class Env:
    """A fake server and the environment that points the examples at it."""

    def __init__(self, fake: FakeWebWork, info: SeedInfo, server: FakeServer) -> None:
        self.fake, self.info, self.server = fake, info, server
        self.project_id = info.project_ids[0]

    def environ(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WEBWORK_")}
        env.update(
            WEBWORK_TOKEN=self.fake.token,
            WEBWORK_BASE_URL=self.server.url,
            WEBWORK_WORKSPACE_ID=str(self.fake.workspace_id),
            PROJECT_ID=str(self.project_id),
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    def run(self, example: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(EXAMPLES / example)],
            env=self.environ(**extra),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )

    def open_tasks(self) -> dict[int, dict[str, object]]:
        return {
            task_id: task
            for task_id, task in self.fake.tasks.items()
            if task["project_id"] == self.project_id and task["status"] == TaskStatus.OPEN
        }


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    fake = FakeWebWork()
    info = fake.seed_workspace(projects=1, tasks_per_project=50, members=5, days=0)
    with fake.serve() as server:
        yield Env(fake, info, server)


def unassigned_pairs(env: Env, count: int) -> list[tuple[int, int]]:
    """``count`` (task, member) pairs of the project where the member is not yet assigned."""
    pairs: list[tuple[int, int]] = []
    for task_id in env.info.task_ids:
        assigned = env.fake.task_assignees(task_id)
        for user_id in env.info.member_ids:
            if user_id not in assigned and env.fake.applied[("assign", (task_id, user_id))] == 0:
                pairs.append((task_id, user_id))
                break
        if len(pairs) == count:
            return pairs
    raise AssertionError("not enough unassigned pairs in the seeded workspace")


# -- asyncio_service.py ---------------------------------------------------------------------


def test_asyncio_service_prints_a_summary_per_round(env: Env) -> None:
    done = env.run("asyncio_service.py", ROUNDS="2", POLL_INTERVAL="0.05")
    assert done.returncode == 0, done.stderr
    rounds = [line for line in done.stdout.splitlines() if line.startswith("round ")]
    expected = len(env.open_tasks())
    assert len(rounds) == 2
    for number, line in enumerate(rounds, start=1):
        assert line.startswith(f"round {number}: project {env.project_id} has {expected} open")
    assert done.stdout.rstrip().endswith("stopped after 2 rounds")


def test_asyncio_service_names_a_missing_setting(env: Env) -> None:
    environ = env.environ()
    del environ["PROJECT_ID"]
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "asyncio_service.py")],
        env=environ,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 1
    assert "PROJECT_ID" in done.stderr


# -- bulk_assign.py -------------------------------------------------------------------------


def test_bulk_assign_journals_and_resumes(env: Env, tmp_path: Path) -> None:
    good = unassigned_pairs(env, 8)
    missing_task = (999_999, env.info.member_ids[0])
    rows = [*good[:4], missing_task, *good[4:]]
    csv_path = tmp_path / "assignments.csv"
    with csv_path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["task_id", "user_id"])
        writer.writerows(rows)
    journal = tmp_path / "assign.journal"
    settings = {"ASSIGNMENTS_CSV": str(csv_path), "ASSIGNMENTS_JOURNAL": str(journal)}

    first = env.run("bulk_assign.py", **settings)
    assert first.returncode == 1, first.stderr
    assert "9 pairs in" in first.stdout and "0 already done" in first.stdout
    assert f"FAILED task {missing_task[0]} user {missing_task[1]}" in first.stdout
    assert "9/9 done, 1 failed" in first.stderr  # the last progress line
    for task_id, user_id in good:
        assert env.fake.applied[("assign", (task_id, user_id))] == 1
        assert user_id in env.fake.task_assignees(task_id)
    entries = [json.loads(line) for line in journal.read_text().splitlines()]
    assert sorted(tuple(e["pair"]) for e in entries) == sorted(rows)
    assert {tuple(e["pair"]): e["status"] for e in entries}[missing_task] == "failed"

    # A rerun sends only what failed; the good pairs are not assigned again.
    second = env.run("bulk_assign.py", **settings)
    assert second.returncode == 1, second.stderr
    assert "8 already done" in second.stdout
    assert "1/1 done, 1 failed" in second.stderr
    for pair in good:
        assert env.fake.applied[("assign", pair)] == 1

    # Drop the bad row: nothing left to do, exit code 0.
    with csv_path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["task_id", "user_id"])
        writer.writerows(good)
    third = env.run("bulk_assign.py", **settings)
    assert third.returncode == 0, third.stderr
    assert "nothing to do" in third.stdout


def write_rows(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", newline="") as out:
        csv.writer(out).writerows(rows)


def test_bulk_assign_reports_and_skips_bad_rows(env: Env, tmp_path: Path) -> None:
    good = unassigned_pairs(env, 3)
    csv_path = tmp_path / "assignments.csv"
    rows: list[list[object]] = [["task_id", "user_id"], list(good[0]), ["abc", good[0][1]]]
    rows += [[good[1][0]], list(good[1]), [-4, 2], list(good[2])]
    write_rows(csv_path, rows)
    settings = {"ASSIGNMENTS_CSV": str(csv_path), "ASSIGNMENTS_JOURNAL": str(tmp_path / "j")}
    done = env.run("bulk_assign.py", **settings)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    skipped = [line for line in done.stderr.splitlines() if "skipped" in line]
    assert skipped == [
        f"{csv_path}:3: skipped, not two ids: task_id 'abc', user_id '{good[0][1]}'",
        f"{csv_path}:4: skipped, not two ids: task_id '{good[1][0]}', user_id ''",
        f"{csv_path}:6: skipped, not two ids: task_id '-4', user_id '2'",
    ]
    assert "3 pairs in" in done.stdout
    assert "3 rows skipped" in done.stdout
    for pair in good:  # the good rows around the bad ones are all assigned
        assert env.fake.applied[("assign", pair)] == 1
    # Rerun: the good rows are done, the bad ones are still reported, the exit still 1.
    again = env.run("bulk_assign.py", **settings)
    assert again.returncode == 1
    assert "nothing to do" in again.stdout
    assert len([line for line in again.stderr.splitlines() if "skipped" in line]) == 3


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "error: cannot read {csv}: No such file or directory"),
        ("directory", "error: cannot read {csv}: Is a directory"),
        ("utf16", "error: {csv}: not a UTF-8 text file"),
        ("no-header", "error: {csv}: the header row must name task_id and user_id"),
    ],
)
def test_bulk_assign_unusable_csv_is_one_line(
    env: Env, tmp_path: Path, setup: str, message: str
) -> None:
    csv_path = tmp_path / "assignments.csv"
    if setup == "directory":
        csv_path.mkdir()
    elif setup == "utf16":
        csv_path.write_text("task_id,user_id\n1,2\n", encoding="utf-16")
    elif setup == "no-header":
        write_rows(csv_path, [[1, 2], [3, 4]])
    before = env.fake.stats.requests
    done = env.run("bulk_assign.py", ASSIGNMENTS_CSV=str(csv_path))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == message.format(csv=csv_path) + "\n"
    assert env.fake.stats.requests == before


def test_bulk_assign_unusable_journal_is_one_line(env: Env, tmp_path: Path) -> None:
    csv_path = tmp_path / "assignments.csv"
    write_rows(csv_path, [["task_id", "user_id"], list(unassigned_pairs(env, 1)[0])])
    journal = tmp_path / "journal"
    journal.mkdir()
    done = env.run(
        "bulk_assign.py", ASSIGNMENTS_CSV=str(csv_path), ASSIGNMENTS_JOURNAL=str(journal)
    )
    assert done.returncode == 2
    assert done.stderr == f"error: cannot read {journal}: Is a directory\n"


def test_bulk_assign_survives_a_damaged_journal(env: Env, tmp_path: Path) -> None:
    first, second = unassigned_pairs(env, 2)
    csv_path = tmp_path / "assignments.csv"
    write_rows(csv_path, [["task_id", "user_id"], list(first), list(second)])
    journal = tmp_path / "journal"
    lines = [
        json.dumps({"pair": list(first), "status": "succeeded"}).encode(),
        b'{"pair": ["x", 1], "status": "succeeded"}',  # not ids
        b"\xff\xfe\x00garbage",  # not UTF-8
        b'["a list"]',
        b'{"pair": [1, 2], "sta',  # cut short by a crash
    ]
    journal.write_bytes(b"\n".join(lines))
    done = env.run(
        "bulk_assign.py", ASSIGNMENTS_CSV=str(csv_path), ASSIGNMENTS_JOURNAL=str(journal)
    )
    assert done.returncode == 0, done.stderr
    assert "2 pairs in" in done.stdout and "1 already done" in done.stdout
    assert env.fake.applied[("assign", first)] == 0
    assert env.fake.applied[("assign", second)] == 1


def test_bulk_assign_missing_setting_is_one_line(env: Env) -> None:
    environ = env.environ()
    del environ["PROJECT_ID"]
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "bulk_assign.py")],
        env=environ,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == "error: missing environment variable 'PROJECT_ID'\n"


def test_bulk_assign_writes_plain_progress_lines_into_a_pipe(env: Env, tmp_path: Path) -> None:
    pairs = unassigned_pairs(env, 20)
    csv_path = tmp_path / "assignments.csv"
    write_rows(csv_path, [["task_id", "user_id"], *map(list, pairs)])
    settings = {"ASSIGNMENTS_CSV": str(csv_path), "ASSIGNMENTS_JOURNAL": str(tmp_path / "j")}
    done = subprocess.run(  # bytes: text mode would turn a carriage return into a newline
        [sys.executable, str(EXAMPLES / "bulk_assign.py")],
        env=env.environ(**settings),
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"\r" not in done.stderr
    lines = done.stderr.decode().splitlines()
    # The first pair, then a line every tenth of the job (here every second pair).
    expected = ["1/20", *(f"{n}/20" for n in range(2, 21, 2))]
    assert [line.split(" done")[0] for line in lines] == expected
    assert lines[-1].startswith("20/20 done, 0 failed, ")


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_bulk_assign_redraws_one_line_on_a_terminal(env: Env, tmp_path: Path) -> None:
    import pty

    pairs = unassigned_pairs(env, 3)
    csv_path = tmp_path / "assignments.csv"
    write_rows(csv_path, [["task_id", "user_id"], *map(list, pairs)])
    settings = {"ASSIGNMENTS_CSV": str(csv_path), "ASSIGNMENTS_JOURNAL": str(tmp_path / "j")}
    terminal, child_end = pty.openpty()
    try:
        child = subprocess.Popen(
            [sys.executable, str(EXAMPLES / "bulk_assign.py")],
            env=env.environ(**settings),
            stdout=subprocess.DEVNULL,
            stderr=child_end,
        )
        os.close(child_end)
        shown = b""
        while True:
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            shown += chunk
        assert child.wait(timeout=TIMEOUT) == 0
    finally:
        os.close(terminal)
    text = shown.decode()
    assert "\r3/3 done, 0 failed" in text
    assert text.count("\n") == 1  # one line, redrawn, ended once
    for pair in pairs:
        assert env.fake.applied[("assign", pair)] == 1


# -- trio_usage.py --------------------------------------------------------------------------


def test_trio_usage_assigns_concurrently(env: Env) -> None:
    user_id = env.info.member_ids[-1]
    done = env.run("trio_usage.py", ASSIGN_USER_ID=str(user_id), ASSIGN_COUNT="3")
    assert done.returncode == 0, done.stderr
    assigned = [
        int(line.split()[1].rstrip(":"))
        for line in done.stdout.splitlines()
        if line.startswith("task ") and line.endswith(f"assigned user {user_id}")
    ]
    assert len(assigned) == 3
    for task_id in assigned:
        assert env.fake.applied[("assign", (task_id, user_id))] == 1
        assert user_id in env.fake.task_assignees(task_id)


# -- fastapi_app.py -------------------------------------------------------------------------


def check_fastapi_endpoints(env: Env, http: httpx.Client) -> None:
    """The endpoints of examples/fastapi_app.py, against the fake's state."""
    response = http.get(f"/projects/{env.project_id}/open-tasks")
    assert response.status_code == 200, response.text
    assert {task["id"] for task in response.json()} == set(env.open_tasks())
    limited = http.get(f"/projects/{env.project_id}/open-tasks", params={"limit": 2})
    assert len(limited.json()) == 2

    (task_id, user_id), *_ = unassigned_pairs(env, 1)
    response = http.post(
        f"/tasks/{task_id}/assign/{user_id}", params={"project_id": env.project_id}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"task_id": task_id, "user_id": user_id, "assigned": True}
    assert env.fake.applied[("assign", (task_id, user_id))] == 1
    assert user_id in env.fake.task_assignees(task_id)

    response = http.post(f"/tasks/999999/assign/{user_id}", params={"project_id": env.project_id})
    assert response.status_code == 404, response.text
    assert response.json()["detail"]
    assert http.get("/projects/999999/open-tasks").status_code == 404


def test_fastapi_app_under_uvicorn(env: Env) -> None:
    """``python examples/fastapi_app.py`` on port 0: start-up, requests, Ctrl-C, shutdown."""
    pytest.importorskip("fastapi")
    pytest.importorskip("uvicorn")
    process = subprocess.Popen(
        [sys.executable, str(EXAMPLES / "fastapi_app.py")],
        env=env.environ(HOST="127.0.0.1", PORT="0"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(TIMEOUT, process.kill)
    watchdog.start()
    try:
        assert process.stderr is not None
        log: list[str] = []
        match: re.Match[str] | None = None
        for line in iter(process.stderr.readline, ""):
            log.append(line)
            if match := re.search(r"Uvicorn running on (http://\S+)", line):
                break
        assert match is not None, "".join(log)  # the server died before listening
        assert any("WebWork client opened" in line for line in log)
        with httpx.Client(base_url=match.group(1), timeout=10) as http:
            check_fastapi_endpoints(env, http)
        process.send_signal(signal.SIGINT)
        rest = process.stderr.read()
        assert process.wait() == 0, rest
    finally:
        watchdog.cancel()
        if process.poll() is None:  # pragma: no cover - a failed assertion above
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()
    assert "WebWork client closed" in rest
    assert "Application shutdown complete" in rest


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` as a fresh module (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fastapi_app_shares_and_closes_one_client(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In process: the lifespan stores one client on app.state and closes it at shutdown."""
    pytest.importorskip("fastapi")
    for key, value in env.environ().items():
        monkeypatch.setenv(key, value)
    app = load_example("fastapi_app").app
    assert not hasattr(app.state, "webwork")  # nothing is created at import time

    seen: list[AsyncWebWork] = []

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://app") as http,
        ):
            webwork = app.state.webwork
            assert isinstance(webwork, AsyncWebWork)
            seen.append(webwork)
            assert not webwork._closed
            for _ in range(3):
                response = await http.get(f"/projects/{env.project_id}/open-tasks")
                assert response.status_code == 200, response.text
            assert app.state.webwork is webwork  # the same client served every request

    asyncio.run(scenario())
    assert len(seen) == 1
    assert seen[0]._closed  # the lifespan's shutdown closed it
