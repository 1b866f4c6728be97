"""The ``webwork`` command survives its input and points to the fix (issue 10 section 6,
issue 14 item 7): whatever the files, the flags or the server's answers, the user gets one
clear line and a documented exit status, never a traceback, and never a lost input file."""

from __future__ import annotations

import csv
import http.server
import io
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support import read_results, run, write_csv
from webwork_async import BulkItem, BulkProgress, BulkStatus
from webwork_async.cli import _app, _bulk
from webwork_async.testing import FakeServer, FakeWebWork
from webwork_async.testing._seed import SeedInfo

# The fixtures mirror tests/test_cli.py; the helpers are shared through support.py.


@pytest.fixture
def info(fake: FakeWebWork) -> SeedInfo:
    return fake.seed_workspace(projects=2, tasks_per_project=5, members=4, days=0)


@pytest.fixture
def env(fake: FakeWebWork, server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("WEBWORK_TOKEN", fake.token)
    monkeypatch.delenv("WEBWORK_WORKSPACE_ID", raising=False)
    monkeypatch.delenv("WEBWORK_BASE_URL", raising=False)
    return ["--base-url", server.url, "--workspace-id", str(fake.workspace_id)]


def fresh_pairs(fake: FakeWebWork, info: SeedInfo, count: int) -> list[tuple[int, int]]:
    """``count`` new tasks of the first project, each with a member not assigned to it."""
    user = info.member_ids[3]
    project = info.project_ids[0]
    return [(fake.add_task(project_id=project, title=f"t{i}"), user) for i in range(count)]


def one_line_error(err: str) -> str:
    """The single ``error:`` line of ``err``; fails on a traceback or several errors."""
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, err
    return errors[0]


# -- a UTF-8 BOM on stdin --------------------------------------------------------------------

BOM_CSV = "\ufefftask_id,user_id\r\n11,21\r\n12,22\r\n".encode()


def stdin_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    # A stdin whose text layer is ASCII: only reading its bytes as UTF-8 gets this right.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="ascii"))


def dry_plan(capsys: pytest.CaptureFixture[str], source: str) -> tuple[int, str, str]:
    return run(
        capsys, "--format", "csv", "tasks", "bulk-assign", "--csv", source,
        "--project-id", "7", "--dry-run",
    )  # fmt: skip


def test_bom_on_stdin_reads_as_the_same_file_by_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(BOM_CSV)
    by_path = dry_plan(capsys, str(path))
    stdin_bytes(monkeypatch, BOM_CSV)
    by_stdin = dry_plan(capsys, "-")
    assert by_path[0] == by_stdin[0] == 0, by_stdin[2]
    assert by_stdin[1] == by_path[1]
    plan = list(csv.DictReader(by_stdin[1].splitlines()))
    assert [(p["row"], p["task_id"], p["user_id"]) for p in plan] == [
        ("2", "11", "21"),
        ("3", "12", "22"),
    ]


def test_bom_on_stdin_of_the_real_command(tmp_path: Path) -> None:
    """The same through a real process's stdin, whose text layer would keep the BOM."""
    command = [sys.executable, "-m", "webwork_async.cli", "--format", "csv", "tasks",
               "bulk-assign", "--project-id", "7", "--dry-run", "--csv"]  # fmt: skip
    path = tmp_path / "bom.csv"
    path.write_bytes(BOM_CSV)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("WEBWORK_")}
    kwargs: dict[str, Any] = {"capture_output": True, "timeout": 30, "check": False}
    by_path = subprocess.run([*command, str(path)], env=environ, **kwargs)
    by_stdin = subprocess.run([*command, "-"], input=BOM_CSV, env=environ, **kwargs)
    assert by_stdin.returncode == 0, by_stdin.stderr
    assert by_stdin.stdout == by_path.stdout
    assert b"11,21" in by_stdin.stdout


def test_bulk_assign_from_stdin_with_a_bom(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pairs = fresh_pairs(fake, info, 2)
    lines = ["task_id,user_id", *(f"{t},{u}" for t, u in pairs)]
    stdin_bytes(monkeypatch, ("\ufeff" + "\n".join(lines) + "\n").encode())
    code, out, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", "-",
        "--project-id", str(info.project_ids[0]),
    )  # fmt: skip
    assert code == 0, err
    assert "2 assigned, 0 failed, 0 invalid" in out
    for pair in pairs:
        assert fake.applied[("assign", pair)] == 1


def test_stdin_that_is_not_utf8_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_bytes(monkeypatch, "task_id,user_id\n1,2\n".encode("utf-16"))
    code, out, err = dry_plan(capsys, "-")
    assert code == 2
    assert out == ""
    assert one_line_error(err) == "error: standard input: not a UTF-8 text file"


def test_closed_stdin_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    code, _, err = dry_plan(capsys, "-")
    assert code == 2
    assert one_line_error(err) == "error: standard input is closed: there is nothing to read"


def test_stdin_cannot_be_both_csv_and_resume(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "tasks", "bulk-assign", "--csv", "-", "--resume", "-", "--dry-run")
    assert code == 2
    assert one_line_error(err) == "error: --csv and --resume cannot both read standard input"


# -- a --resume file that is not a results file ----------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        # A results file saved again as UTF-16 by a spreadsheet.
        (
            "row,task_id,user_id,project_id,status,error\n1,2,3,4,succeeded,\n".encode("utf-16"),
            "not UTF-8 text",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "not UTF-8 text"),
        (b"task_id,user_id\n1,2\n", "no column project_id, status"),
        (b"", "no column project_id, status, task_id, user_id"),
        (
            b'task_id,user_id,project_id,status\n"' + b"x" * 200_000 + b'"\n',
            "field larger than field limit",
        ),
    ],
    ids=["utf16", "binary", "input-csv", "empty", "huge-field"],
)
def test_resume_file_that_is_not_a_results_file_is_a_usage_error(
    content: bytes,
    problem: str,
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = write_csv(tmp_path / "in.csv", fresh_pairs(fake, info, 2))
    resume = tmp_path / "old results.csv"
    resume.write_bytes(content)
    results = tmp_path / "new.csv"
    fake.reset_stats()
    code, out, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source,
        "--project-id", str(info.project_ids[0]), "--resume", str(resume),
        "--results", str(results),
    )  # fmt: skip
    assert code == 2
    assert out == ""
    line = one_line_error(err)
    assert line.startswith(f"error: {resume} is not a results file (")
    assert problem in line
    assert "--resume takes the CSV that --results wrote" in line
    assert fake.stats.requests == 0
    assert not results.exists()
    assert resume.read_bytes() == content


def test_resume_file_that_is_a_directory(
    env: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "in.csv", [[1, 2]])
    code, _, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source, "--project-id", "1",
        "--resume", str(tmp_path),
    )  # fmt: skip
    assert code == 2
    assert one_line_error(err).startswith(f"error: cannot read {tmp_path}: ")


def test_resume_file_with_a_bom_is_read(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (first, user), (second, _) = fresh_pairs(fake, info, 2)
    project = info.project_ids[0]
    resume = tmp_path / "results.csv"
    resume.write_text(
        "\ufeffrow,task_id,user_id,project_id,status,error\n"
        f"1,{first},{user},{project},succeeded,\n",
        encoding="utf-8",
    )
    source = write_csv(tmp_path / "in.csv", [[first, user], [second, user]])
    code, out, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source, "--project-id", str(project),
        "--resume", str(resume),
    )  # fmt: skip
    assert code == 0, err
    assert "1 assigned, 0 failed, 0 invalid, 1 skipped" in out
    assert fake.applied[("assign", (first, user))] == 0


# -- --results naming the input CSV ----------------------------------------------------------


def same_file_spellings(tmp_path: Path, source: Path) -> Iterator[tuple[str, str]]:
    """(--csv, --results) pairs that name one file in different ways."""
    yield str(source), str(source)
    yield str(source), "in.csv"  # relative to the working directory
    yield "in.csv", f"./sub/../{source.name}"
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    yield str(source), str(link)
    yield str(link), str(source)
    hard = tmp_path / "hard.csv"
    os.link(source, hard)
    yield str(source), str(hard)


@pytest.mark.parametrize("dry_run", [False, True])
def test_results_naming_the_input_is_refused_before_anything_happens(
    dry_run: bool,
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    source = tmp_path / "in.csv"
    write_csv(source, [["task_id", "user_id"], *fresh_pairs(fake, info, 3)])
    before = source.read_bytes()
    fake.reset_stats()
    spellings = list(same_file_spellings(tmp_path, source))
    for csv_arg, results_arg in spellings:
        code, out, err = run(
            capsys, *env, "tasks", "bulk-assign", "--csv", csv_arg,
            "--project-id", str(info.project_ids[0]), "--results", results_arg,
            *(["--dry-run"] if dry_run else []),
        )  # fmt: skip
        assert code == 2, (csv_arg, results_arg, err)
        assert out == ""
        assert one_line_error(err) == (
            f"error: --results {results_arg} is the input CSV {csv_arg}: writing results "
            "would overwrite it; name another file"
        )
    assert source.read_bytes() == before
    assert fake.stats.requests == 0
    assert len(spellings) == 6


def test_results_next_to_the_input_is_fine(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = write_csv(tmp_path / "in.csv", fresh_pairs(fake, info, 1))
    results = tmp_path / "in.csv.results"
    code, _, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source,
        "--project-id", str(info.project_ids[0]), "--results", str(results),
    )  # fmt: skip
    assert code == 0, err
    assert [r["status"] for r in read_results(results)] == ["succeeded"]


def test_results_that_cannot_be_written_is_a_usage_error(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    closed: list[bool] = []
    real = _app.WebWork.close
    monkeypatch.setattr(_app.WebWork, "close", lambda self: closed.append(True) or real(self))
    source = write_csv(tmp_path / "in.csv", fresh_pairs(fake, info, 1))
    results = tmp_path / "no such dir" / "r.csv"
    fake.reset_stats()
    code, _, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source,
        "--project-id", str(info.project_ids[0]), "--results", str(results),
    )  # fmt: skip
    assert code == 2
    assert one_line_error(err) == f"error: cannot write {results}: No such file or directory"
    assert fake.stats.requests == 0
    assert closed == [True]  # the client opened before it is closed all the same


# -- a server answer that breaks decoding ----------------------------------------------------

CORRUPT_GZIP = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03this is not deflate data"

ANSWERS: dict[str, tuple[dict[str, str], bytes]] = {
    "corrupt-gzip": ({"Content-Type": "application/json", "Content-Encoding": "gzip"},
                     CORRUPT_GZIP),
    "html": ({"Content-Type": "text/html"}, b"<html><body>Bad gateway</body></html>"),
    "truncated-json": ({"Content-Type": "application/json"}, b'{"success": true, "data": ['),
    "wrong-shape": ({"Content-Type": "application/json"}, b'{"success": true, "data": 42}'),
    "deeply-nested": ({"Content-Type": "application/json"},
                      b'{"success": true, "data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
}  # fmt: skip


class _Broken(http.server.BaseHTTPRequestHandler):
    """Answers every request with 200 and the body its server's ``answer`` names."""

    server: _BrokenServer
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        headers, body = ANSWERS[self.server.answer]
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.server.requests += 1  # before the answer: the client may be done at once
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _BrokenServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    answer = "html"
    requests = 0


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch) -> Iterator[_BrokenServer]:
    """A raw loopback server whose every answer breaks decoding; the token in the env."""
    monkeypatch.setenv("WEBWORK_TOKEN", "s3cret-token-for-the-broken-server")
    server = _BrokenServer(("127.0.0.1", 0), _Broken)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def broken_url(server: _BrokenServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/api/v2"


def _answers() -> list[str]:
    return sorted(ANSWERS)


@pytest.mark.parametrize("answer", _answers())
def test_list_on_a_broken_answer_is_one_line(
    answer: str, broken: _BrokenServer, capsys: pytest.CaptureFixture[str]
) -> None:
    broken.answer = answer
    code, out, err = run(
        capsys, "--base-url", broken_url(broken), "--workspace-id", "1", "--max-retries", "0",
        "projects", "list",
    )  # fmt: skip
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    one_line_error(err)
    assert "s3cret" not in err
    assert broken.requests >= 1


@pytest.mark.parametrize("answer", _answers())
def test_bulk_on_a_broken_answer_accounts_for_every_row(
    answer: str, broken: _BrokenServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken.answer = answer
    # Two projects: the second group must be accounted for too if the first stops the job.
    rows = [[1, 5, 100], [2, 5, 100], [3, 5, 100], [4, 5, 200], [5, 5, 200]]
    source = write_csv(tmp_path / "in.csv", rows)
    results = tmp_path / "results.csv"
    code, _, err = run(
        capsys, "--base-url", broken_url(broken), "--workspace-id", "1", "--max-retries", "0",
        "tasks", "bulk-assign", "--csv", source, "--results", str(results),
        "--concurrency", "1",
    )  # fmt: skip
    assert code == 1, err
    assert "Traceback" not in err
    assert "s3cret" not in err + results.read_text()
    settled = read_results(results)
    assert sorted(int(r["row"]) for r in settled) == [1, 2, 3, 4, 5]
    assert {r["status"] for r in settled} <= {"failed", "unknown", "not_sent"}


def fail_after_first(
    error: Exception,
) -> Any:
    """An ``assign_many`` that settles its first pair, then breaks as a leaked error would."""

    def assign_many(self: Any, pairs: list[tuple[int, int]], *, on_item: Any, **_: Any) -> Any:
        task_id, user_id = pairs[0]
        self.assign(task_id, user_id, project_id=_["project_id"])
        on_item(BulkItem(0, task_id, user_id, BulkStatus.SUCCEEDED))
        raise error

    return assign_many


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (httpx.DecodingError("Error -3 while decompressing data: incorrect header check"),
         "error: DecodingError: Error -3 while decompressing data: incorrect header check"),
        (httpx.RemoteProtocolError("peer closed connection"),
         "error: RemoteProtocolError: peer closed connection"),
        (httpx.StreamClosed(), "error: StreamClosed: Attempted to read or stream content, "),
    ],
    ids=["decoding", "protocol", "stream"],
)  # fmt: skip
def test_bulk_stopped_by_a_leaked_error_prints_the_resume_command(
    error: Exception,
    shown: str,
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from webwork_async._sync._tasks import Tasks

    p1, p2 = info.project_ids
    user = info.member_ids[3]
    first = [fake.add_task(project_id=p1, title=f"a{i}") for i in range(3)]
    second = [fake.add_task(project_id=p2, title=f"b{i}") for i in range(2)]
    rows = [[t, user, p1] for t in first] + [[t, user, p2] for t in second]
    source = write_csv(tmp_path / "in.csv", rows)
    results = tmp_path / "results.csv"
    argv = [*env, "tasks", "bulk-assign", "--csv", source, "--results", str(results)]
    with monkeypatch.context() as patched:
        patched.setattr(Tasks, "assign_many", fail_after_first(error))
        code, _, err = run(capsys, *argv)
    assert code == 1
    assert "Traceback" not in err
    assert shown in err
    lines = err.splitlines()
    assert "stopped: 5 row(s): 1 assigned, 0 failed, 0 invalid" in err
    assert "2 not sent, 2 unknown" in err
    command = shlex.join(["webwork", *argv, "--resume", str(results)])
    assert lines[-1] == f"to resume: {command}"
    statuses = [r["status"] for r in read_results(results)]
    assert statuses == ["succeeded", "unknown", "unknown", "not_sent", "not_sent"]
    # The printed command, run as printed, does the rest and only the rest.
    code, _, err = run(capsys, *shlex.split(command)[1:])
    assert code == 0, err
    for task in first + second:
        assert fake.applied[("assign", (task, user))] == 1
        assert user in fake.task_assignees(task)


def test_bulk_with_an_unknown_row_does_not_exit_0(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A job that ran to its end but could not settle a row: the user must look at it."""
    from webwork_async import BulkResult
    from webwork_async._sync._tasks import Tasks

    def assign_many(self: Any, pairs: list[tuple[int, int]], *, on_item: Any, **_: Any) -> Any:
        items = [
            BulkItem(0, *pairs[0], BulkStatus.SUCCEEDED),
            BulkItem(1, *pairs[1], BulkStatus.UNKNOWN),
        ]
        for item in items:
            on_item(item)
        return BulkResult(items=tuple(items), elapsed=0.0)

    monkeypatch.setattr(Tasks, "assign_many", assign_many)
    source = write_csv(tmp_path / "in.csv", fresh_pairs(fake, info, 2))
    code, out, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source,
        "--project-id", str(info.project_ids[0]),
    )  # fmt: skip
    assert code == 1, err
    assert "2 row(s): 1 assigned, 0 failed, 0 invalid, 0 skipped (done before), 1 unknown" in out


# -- the https error, a 401, Ctrl-C ----------------------------------------------------------


def test_http_base_url_names_allow_http(
    fake: FakeWebWork, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WEBWORK_TOKEN", fake.token)
    code, out, err = run(
        capsys, "--base-url", "http://api.example.com/v2", "--workspace-id", "1",
        "projects", "list",
    )  # fmt: skip
    assert code == 2
    assert out == ""
    assert one_line_error(err) == (
        "error: --base-url http://api.example.com/v2 must use https: the token would be sent "
        "in the clear (http is allowed for localhost; pass --allow-http to send it anyway)"
    )
    assert "allow_http" not in err
    code, _, err = run(capsys, "--base-url", "http://", "--workspace-id", "1", "projects", "list")
    assert code == 2
    assert one_line_error(err).startswith("error: --base-url http://: must be an http(s) URL")
    monkeypatch.setenv("WEBWORK_BASE_URL", "http://api.example.com/v2")
    code, _, err = run(capsys, "--workspace-id", "1", "projects", "list")
    assert code == 2
    assert one_line_error(err).startswith(
        "error: $WEBWORK_BASE_URL http://api.example.com/v2 must use https"
    )


@pytest.mark.parametrize("where", ["before", "after"])
def test_allow_http_reaches_the_client(
    where: str,
    env: list[str],
    info: SeedInfo,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seen: list[object] = []
    real = _app.WebWork

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("allow_http"))
        return real(*args, **kwargs)

    monkeypatch.setattr(_app, "WebWork", recording)
    command = ["projects", "list"]
    argv = (
        ["--allow-http", *env, *command] if where == "before" else [*env, *command, "--allow-http"]
    )
    assert run(capsys, *argv)[0] == 0
    assert run(capsys, *env, *command)[0] == 0
    assert seen == [True, False]


def test_401_names_the_token_variable(
    env: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WEBWORK_TOKEN", "not-the-token-s3cret")
    code, out, err = run(capsys, *env, "projects", "list")
    assert code == 1
    assert out == ""
    line = one_line_error(err)
    assert line.startswith("error: HTTP 401")
    assert line.endswith("(the token comes from WEBWORK_TOKEN: check it)")
    assert "s3cret" not in err


def test_bulk_401_names_the_token_variable(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = write_csv(tmp_path / "in.csv", fresh_pairs(fake, info, 2))
    monkeypatch.setenv("WEBWORK_TOKEN", "not-the-token-s3cret")
    code, out, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source,
        "--project-id", str(info.project_ids[0]),
    )  # fmt: skip
    assert code == 1
    assert "the server refused the token (HTTP 401): check WEBWORK_TOKEN" in err
    # A 401 stops the job: the row refused is failed, the rest are not sent (how many of
    # each depends on how many were in flight when the 401 came back).
    summary = re.search(
        r"0 assigned, (\d+) failed, 0 invalid, 0 skipped \(done before\)(?:, (\d+) not sent)?", out
    )
    assert summary is not None, out
    failed, not_sent = (int(count or 0) for count in summary.groups())
    assert failed >= 1 and failed + not_sent == 2, out
    assert fake.stats.by_status[401] == failed
    assert "s3cret" not in out + err


def interrupt_on_third_report(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = _bulk.Progress.__call__

    def interrupting(self: _bulk.Progress, progress: BulkProgress) -> None:
        nonlocal calls
        calls += 1
        real(self, progress)
        if calls == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(_bulk.Progress, "__call__", interrupting)


def test_ctrl_c_prints_the_command_that_resumes(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pairs = fresh_pairs(fake, info, 8)
    source = write_csv(tmp_path / "in put.csv", pairs)  # a space: the command quotes it
    results = tmp_path / "results.csv"
    old = tmp_path / "old.csv"
    old.write_text("row,task_id,user_id,project_id,status,error\n")
    argv = [*env, "tasks", "bulk-assign", "--csv", source, "--project-id",
            str(info.project_ids[0]), "--resume", str(old), "--results", str(results),
            "--concurrency", "1"]  # fmt: skip
    with monkeypatch.context() as patched:
        interrupt_on_third_report(patched)
        code, _, err = run(capsys, *argv)
    assert code == 130
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines[-2].startswith("interrupted: 8 row(s): 3 assigned, 0 failed, 0 invalid")
    # The same command, its old --resume replaced by the results file, shell-quoted.
    expected = [*(a for a in argv if a != str(old) and a != "--resume"), "--resume", str(results)]
    assert lines[-1] == "to resume: " + shlex.join(["webwork", *expected])
    assert shlex.quote(source) in lines[-1]
    code, out, err = run(capsys, *shlex.split(lines[-1].removeprefix("to resume: "))[1:])
    assert code == 0, err
    assert "8 row(s): 5 assigned, 0 failed, 0 invalid, 3 skipped (done before)" in out
    for pair in pairs:
        assert fake.applied[("assign", pair)] == 1


def test_ctrl_c_without_results_saves_them_to_resume_from(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    pairs = fresh_pairs(fake, info, 6)
    write_csv(tmp_path / "in.csv", pairs)
    argv = [*env, "tasks", "bulk-unassign", "--csv", "in.csv", "--project-id",
            str(info.project_ids[0]), "--concurrency", "1"]  # fmt: skip
    # Assign them first, so that there is something to remove.
    assert run(capsys, *env, "tasks", "bulk-assign", "--csv", "in.csv", "--project-id",
               str(info.project_ids[0]))[0] == 0  # fmt: skip
    with monkeypatch.context() as patched:
        interrupt_on_third_report(patched)
        code, _, err = run(capsys, *argv)
    assert code == 130
    saved = sorted(tmp_path.glob("webwork-results-*.csv"))
    assert len(saved) == 1
    lines = err.splitlines()
    assert lines[-2] == f"results saved in {saved[0].name}"
    assert lines[-1] == "to resume: " + shlex.join(["webwork", *argv, "--resume", saved[0].name])
    rows = read_results(saved[0])
    assert sorted(int(r["row"]) for r in rows) == list(range(1, 7))
    assert [r["status"] for r in rows].count("succeeded") == 3
    code, out, err = run(capsys, *argv, "--resume", saved[0].name)
    assert code == 0, err
    assert "3 unassigned" in out
    for task, user in pairs:
        assert fake.applied[("unassign", (task, user))] == 1
        assert user not in fake.task_assignees(task)


def test_ctrl_c_with_the_csv_on_stdin_says_to_feed_it_again(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pairs = fresh_pairs(fake, info, 6)
    stdin_bytes(monkeypatch, "".join(f"{t},{u}\n" for t, u in pairs).encode())
    results = tmp_path / "r.csv"
    argv = [*env, "tasks", "bulk-assign", "--csv", "-", "--project-id",
            str(info.project_ids[0]), "--results", str(results), "--concurrency", "1"]  # fmt: skip
    with monkeypatch.context() as patched:
        interrupt_on_third_report(patched)
        code, _, err = run(capsys, *argv)
    assert code == 130
    lines = err.splitlines()
    assert lines[-2] == "to resume: " + shlex.join(["webwork", *argv, "--resume", str(results)])
    assert lines[-1] == "(with the same CSV on standard input again)"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_ctrl_c_on_the_real_command(
    fake: FakeWebWork, server: FakeServer, info: SeedInfo, tmp_path: Path
) -> None:
    """A real SIGINT to ``python -m webwork_async.cli`` mid-job: exit 130, the account, and
    a resume command that, run as printed, finishes the job with nothing sent twice."""
    fake.latency = 0.02
    pairs = fresh_pairs(fake, info, 60)
    source = write_csv(tmp_path / "in.csv", pairs)
    results = tmp_path / "results.csv"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("WEBWORK_")}
    environ["WEBWORK_TOKEN"] = fake.token
    argv = ["--base-url", server.url, "--workspace-id", str(fake.workspace_id), "tasks",
            "bulk-assign", "--csv", source, "--project-id", str(info.project_ids[0]),
            "--results", str(results), "--concurrency", "2"]  # fmt: skip
    child = subprocess.Popen(
        [sys.executable, "-m", "webwork_async.cli", *argv],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    first = child.stderr.readline()  # the first plain progress line: the job is running
    assert first.startswith("progress: "), first
    child.send_signal(signal.SIGINT)
    _, rest = child.communicate(timeout=30)
    assert child.returncode == 130, rest
    assert "Traceback" not in rest
    lines = rest.splitlines()
    assert any(line.startswith("interrupted: 60 row(s): ") for line in lines)
    resume = lines[-1].removeprefix("to resume: ")
    assert resume == shlex.join(
        ["python", "-m", "webwork_async.cli", *argv, "--resume", str(results)]
    )
    done = subprocess.run(
        [sys.executable, *shlex.split(resume)[1:]],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for pair in pairs:
        assert fake.applied[("assign", pair)] == 1


# -- progress and help texts -----------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_counts_only_successes_as_assigned(terminal: bool) -> None:
    out = _Terminal() if terminal else io.StringIO()
    progress = _bulk.Progress(out, 21, "assigned")
    progress(BulkProgress(done=20, failed=1, total=21, elapsed=2.0, rate=10.0, eta=0.1))
    progress(BulkProgress(done=21, failed=1, total=21, elapsed=2.1, rate=10.0, eta=0.0))
    progress.close()
    text = out.getvalue()
    assert "20/21 assigned, 1 failed" in text
    assert "21/21 assigned" not in text
    assert ("\r" in text) is terminal
    if terminal:  # the bar fills as rows settle, failed or not
        assert f"[{'#' * 30}] 20/21 assigned, 1 failed" in text


def test_progress_line_agrees_with_the_summary(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pairs = fresh_pairs(fake, info, 20)
    source = write_csv(tmp_path / "in.csv", [*pairs, (987654, pairs[0][1])])
    code, out, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source,
        "--project-id", str(info.project_ids[0]),
    )  # fmt: skip
    assert code == 1
    progress = [line for line in err.splitlines() if line.startswith("progress: ")]
    assert progress[-1].startswith("progress: 20/21 assigned, 1 failed, ")
    assert "21 row(s): 20 assigned, 1 failed, 0 invalid" in out


@pytest.mark.parametrize(
    ("action", "says"),
    [("bulk-assign", "assign members to tasks"), ("bulk-unassign", "remove members from tasks")],
)
def test_bulk_help_says_what_it_does(
    action: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "tasks", action, "--help")
    assert code == 0
    assert says in " ".join(out.split())
    assert "prints the account and the exact command that resumes" in " ".join(out.split())
    assert "2 a usage error" in out
    code, out, _ = run(capsys, "tasks", "--help")
    assert says in " ".join(out.split())
    assert "unassign members to" not in out


def test_help_documents_exit_status_and_allow_http(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "--allow-http" in text
    assert "0 ok; 1 an API error" in text
    assert "2 a usage error" in text
    assert "130 interrupted" in text


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["webwork", "x", "--csv", "a b.csv"], "webwork x --csv 'a b.csv' --resume r.csv"),
        (["webwork", "x", "--resume", "old.csv", "--results", "r.csv"],
         "webwork x --results r.csv --resume r.csv"),
        (["webwork", "x", "--resume=old.csv"], "webwork x --resume r.csv"),
        (["webwork", "x", "--resu", "old.csv", "--re"], "webwork x --re --resume r.csv"),
    ],
)  # fmt: skip
def test_resume_command(command: list[str], expected: str) -> None:
    assert _bulk.resume_command(command, "r.csv") == expected


def test_an_error_never_prints_the_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WEBWORK_TOKEN", "tok-s3cret")
    assert _bulk.one_line("server said: bad token tok-s3cret\n(again)") == (
        "server said: bad token *** (again)"
    )
    _app._error(sys.stderr, ValueError("tok-s3cret"))
    assert capsys.readouterr().err == "error: ***\n"
