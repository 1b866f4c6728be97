"""The ``webwork`` command line, run in-process against the fake over loopback."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from support import read_results, run, write_csv
from webwork_async.cli import _app
from webwork_async.testing import FakeServer, FakeWebWork
from webwork_async.testing._seed import SeedInfo


@pytest.fixture
def info(fake: FakeWebWork) -> SeedInfo:
    return fake.seed_workspace(projects=2, tasks_per_project=5, members=4, days=7)


@pytest.fixture
def env(fake: FakeWebWork, server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The token in the environment; the global options for the fake."""
    monkeypatch.setenv("WEBWORK_TOKEN", fake.token)
    monkeypatch.delenv("WEBWORK_WORKSPACE_ID", raising=False)
    monkeypatch.delenv("WEBWORK_BASE_URL", raising=False)
    return ["--base-url", server.url, "--workspace-id", str(fake.workspace_id)]


# -- list commands -------------------------------------------------------------------------

# Every resource that declares a list command (``@listed``), with a field of its model.
LISTS = [
    (resource, attrs.fields(command.model)[1].name) for resource, command in _app.LISTS.items()
]


def _list_argv(resource: str, info: SeedInfo) -> list[str]:
    """``<resource> list``, with a seeded id for each required option (``--project-id``)."""
    required = [option for option in _app.LISTS[resource].listing.options if option.required]
    extra = [f for o in required for f in (o.flags, str(getattr(info, f"{o.name}s")[0]))]
    return [resource, "list", *extra]


def test_every_listed_resource_is_listed() -> None:
    assert {"tasks", "projects", "members", "workspaces"} <= dict(LISTS).keys()


@pytest.mark.parametrize(("resource", "field"), LISTS)
def test_list_json(
    resource: str, field: str, env: list[str], info: SeedInfo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *env, "--format", "json", *_list_argv(resource, info))
    assert code == 0, err
    records = json.loads(out)
    assert isinstance(records, list)
    assert records
    assert all(field in record for record in records)
    if resource == "tasks":
        assert len(records) == 5
        assert {r["project_id"] for r in records} == {info.project_ids[0]}
        # dates and datetimes are ISO strings
        assert all(isinstance(r["created_at"], str) for r in records)


@pytest.mark.parametrize(("resource", "field"), LISTS)
def test_list_csv(
    resource: str, field: str, env: list[str], info: SeedInfo, capsys: pytest.CaptureFixture[str]
) -> None:
    # The global options are accepted after the command, too.
    code, out, err = run(capsys, *_list_argv(resource, info), *env, "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    assert rows
    assert field in rows[0]
    assert all(row["id"] for row in rows)


@pytest.mark.parametrize(("resource", "field"), LISTS)
def test_list_table(
    resource: str, field: str, env: list[str], info: SeedInfo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *env, *_list_argv(resource, info))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[0] == "ID"
    assert len(lines) >= 2
    # Aligned: every column starts at the same offset in every line.
    header = lines[0]
    second = header.index(header.split()[1])
    for line in lines[1:]:
        assert line[second - 2 : second] == "  "


def test_tasks_list_filters_and_max(
    env: list[str], info: SeedInfo, capsys: pytest.CaptureFixture[str]
) -> None:
    project = str(info.project_ids[0])
    code, out, _ = run(
        capsys, *env, "--format", "json", "tasks", "list", "--project-id", project, "--max", "2"
    )
    assert code == 0
    assert len(json.loads(out)) == 2
    code, out, _ = run(
        capsys, *env, "--format", "json", "tasks", "list", "--project-id", project,
        "--status", "open", "--priority", "high",
    )  # fmt: skip
    assert code == 0
    for record in json.loads(out):
        assert record["priority"] == 20
        assert record["status"] in (0, 1, 2)  # open or a custom open-like code


def test_tasks_list_takes_status_and_priority_names_as_the_sdk_does(
    env: list[str], info: SeedInfo, capsys: pytest.CaptureFixture[str]
) -> None:
    # One parser (webwork_async._validation.code_by_name) serves the CLI and the SDK.
    project = str(info.project_ids[0])
    code, out, _ = run(
        capsys, *env, "--format", "json", "tasks", "list", "--project-id", project,
        "--status", "In Progress", "--priority", "URGENT",
    )  # fmt: skip
    assert code == 0
    for record in json.loads(out):
        assert record["priority"] == 10
        assert record["status"] // 10 == 1  # in progress or a custom in-progress-like code
    code, _, err = run(capsys, *env, "tasks", "list", "--project-id", project, "--status", "opened")
    assert code == 2
    assert "open, in_progress, done, closed" in err


@pytest.mark.parametrize("resource", [resource for resource, _ in LISTS])
def test_no_secret_in_a_table(
    resource: str, env: list[str], info: SeedInfo, capsys: pytest.CaptureFixture[str]
) -> None:
    """A signing secret (a webhook's ``token``) is left out of the table; JSON carries it."""
    code, out, err = run(capsys, *env, "--format", "json", *_list_argv(resource, info))
    assert code == 0, err
    rows = json.loads(out)
    secrets = [r["token"] for r in rows if isinstance(r.get("token"), str)]
    code, out, err = run(capsys, *env, *_list_argv(resource, info))
    assert code == 0, err
    assert not [secret for secret in secrets if secret in out]
    if any("token" in row for row in rows):
        assert secrets  # a seeded row has one, so the check above checks something


# -- errors --------------------------------------------------------------------------------


def test_missing_token(
    server: FakeServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "--base-url", server.url, "--workspace-id", "1", "projects", "list"
    )
    assert code == 2
    assert out == ""
    assert err.strip() == "error: no API token: set the WEBWORK_TOKEN environment variable"


def test_missing_workspace(env: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--base-url", env[1], "projects", "list")
    assert code == 2
    assert "--workspace-id" in err
    assert "WEBWORK_WORKSPACE_ID" in err


def test_workspace_from_env(
    env: list[str],
    fake: FakeWebWork,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("WEBWORK_WORKSPACE_ID", str(fake.workspace_id))
    code, out, err = run(capsys, "--base-url", env[1], "--format", "json", "projects", "list")
    assert code == 0, err
    assert json.loads(out) == []


def test_not_found_is_one_line(
    env: list[str], info: SeedInfo, fake: FakeWebWork, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *env, "tasks", "list", "--project-id", "999999")
    assert code == 1
    assert out == ""
    assert err.startswith("error: HTTP 404: ")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert fake.token not in err


def test_server_error_is_one_line(
    env: list[str], fake: FakeWebWork, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.fail_next("500", times=10)
    code, out, err = run(capsys, *env, "--max-retries", "0", "projects", "list")
    assert code == 1
    assert out == ""
    assert err.startswith("error: HTTP 500")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_bad_token(
    env: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WEBWORK_TOKEN", "not-the-token-s3cret")
    code, _, err = run(capsys, *env, "projects", "list")
    assert code == 1
    assert err.startswith("error: HTTP 401")
    assert "s3cret" not in err


def test_usage_errors(env: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *env, "tasks", "list")  # --project-id is required
    assert code == 2
    assert "--project-id" in err
    code, _, err = run(capsys, *env, "tasks", "list", "--project-id", "abc")
    assert code == 2
    code, _, err = run(capsys, *env, "--format", "xml", "projects", "list")
    assert code == 2
    code, _, err = run(capsys, "--base-url", "ftp://example.com", "--workspace-id", "1",
                       "projects", "list")  # fmt: skip
    assert code == 2
    assert err.startswith("error: --base-url ftp://example.com: must be an http(s) URL")
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "bulk" not in out or "tasks" in out


# -- bulk ----------------------------------------------------------------------------------


def test_bulk_assign_happy_path(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = info.project_ids[0]
    tasks = list(info.task_ids[:5])
    pairs = [(t, info.member_ids[i % 2]) for i, t in enumerate(tasks)]
    pairs = [(t, u) for t, u in pairs if u not in fake.task_assignees(t)]
    source = write_csv(tmp_path / "in.csv", [["task_id", "user_id"], *pairs])
    results = tmp_path / "results.csv"
    fake.reset_stats()
    code, out, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source, "--project-id", str(project),
        "--results", str(results), "--concurrency", "2",
    )  # fmt: skip
    assert code == 0, err
    applied = fake.applied
    for pair in pairs:
        assert applied[("assign", pair)] == 1
    rows = read_results(results)
    assert [r["status"] for r in rows] == ["succeeded"] * len(pairs)
    assert sorted(int(r["row"]) for r in rows) == list(range(2, 2 + len(pairs)))
    assert f"{len(pairs)} assigned, 0 failed" in out
    assert f"progress: {len(pairs)}/{len(pairs)} assigned" in err  # plain lines off a TTY


def test_bulk_bad_row_and_unknown_task(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = info.project_ids[0]
    task, user = info.task_ids[0], fake.add_member("new@example.com", "New", "Hire")
    source = write_csv(
        tmp_path / "in.csv",
        [[task, user], ["abc", user], [987654, user], [task], ["", ""], [info.task_ids[1], user]],
    )
    results = tmp_path / "results.csv"
    code, out, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source, "--project-id", str(project),
        "--results", str(results),
    )  # fmt: skip
    assert code == 1
    assert "Traceback" not in err
    by_row = {int(r["row"]): r for r in read_results(results)}
    assert sorted(by_row) == [1, 2, 3, 4, 6]  # line 5 is blank
    assert by_row[1]["status"] == "succeeded"
    assert by_row[6]["status"] == "succeeded"
    assert by_row[2]["status"] == "invalid"
    assert "task_id is not a positive integer: 'abc'" in by_row[2]["error"]
    assert by_row[4]["status"] == "invalid"
    assert "user_id is missing" in by_row[4]["error"]
    assert by_row[3]["status"] == "failed"
    assert "HTTP 404" in by_row[3]["error"]
    assert "line 2: task_id is not a positive integer" in err
    assert "line 3: HTTP 404" in err
    assert "2 assigned, 1 failed, 2 invalid" in out
    assert "progress: 2/3 assigned, 1 failed, " in err  # failures are not counted as assigned
    assert fake.applied[("assign", (task, user))] == 1
    assert fake.applied[("assign", (info.task_ids[1], user))] == 1


def test_bulk_dry_run_sends_nothing(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pairs = [[t, info.member_ids[3]] for t in info.task_ids[:3]]
    source = write_csv(tmp_path / "in.csv", pairs)
    before = fake.stats.requests
    code, out, err = run(
        capsys, *env, "--format", "json", "tasks", "bulk-assign", "--csv", source,
        "--project-id", str(info.project_ids[0]), "--dry-run", "--results",
        str(tmp_path / "r.csv"),
    )  # fmt: skip
    assert code == 0, err
    assert fake.stats.requests == before
    plan = json.loads(out)
    assert [[p["task_id"], p["user_id"]] for p in plan] == pairs
    assert all(p["action"] == "assign" for p in plan)
    assert "nothing was sent" in err
    assert not (tmp_path / "r.csv").exists()


def test_bulk_dry_run_without_token_reports_bad_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "in.csv", [[1, 2], [3, "x"]])
    code, _, err = run(capsys, "tasks", "bulk-assign", "--csv", source, "--dry-run")
    assert code == 1
    assert "line 1: invalid row: project_id is missing" in err
    assert "line 2: invalid row: user_id is not a positive integer: 'x'" in err


def test_bulk_resume_skips_succeeded(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = str(info.project_ids[0])
    user = fake.add_member("new@example.com", "New", "Hire")
    first, second = info.task_ids[0], info.task_ids[1]
    results = tmp_path / "results.csv"
    # An earlier run succeeded for `first`, failed for `second`.
    with results.open("w", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["row", "task_id", "user_id", "project_id", "status", "error"],
                [1, first, user, project, "succeeded", ""],
                [2, second, user, project, "failed", "HTTP 500"],
            ]
        )
    source = write_csv(tmp_path / "in.csv", [[first, user], [second, user]])
    fake.reset_stats()
    code, _, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source, "--project-id", project,
        "--resume", str(results), "--results", str(results),
    )  # fmt: skip
    assert code == 0, err
    assert fake.stats.requests == 1
    assert fake.applied[("assign", (first, user))] == 0
    assert fake.applied[("assign", (second, user))] == 1
    statuses = {int(r["task_id"]): r["status"] for r in read_results(results)}
    assert statuses == {first: "skipped", second: "succeeded"}
    # Resuming from the new file sends nothing at all.
    fake.reset_stats()
    code, _, _ = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source, "--project-id", project,
        "--resume", str(results),
    )  # fmt: skip
    assert code == 0
    assert fake.stats.requests == 0


def test_bulk_per_row_project(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    p1, p2 = info.project_ids
    t1 = fake.add_task(project_id=p1, title="one")
    t2 = fake.add_task(project_id=p2, title="two")
    t3 = fake.add_task(project_id=p2, title="three")
    user = info.member_ids[0]
    # Header in another order; t1 uses --project-id, the others their own column.
    source = write_csv(
        tmp_path / "in.csv",
        [["user_id", "project_id", "task_id"], [user, "", t1], [user, p2, t2], [user, p2, t3]],
    )
    code, _, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source, "--project-id", str(p1)
    )
    assert code == 0, err
    for task in (t1, t2, t3):
        assert fake.applied[("assign", (task, user))] == 1
        assert user in fake.task_assignees(task)


def test_bulk_unassign(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = info.project_ids[0]
    task = fake.add_task(project_id=project, title="t")
    user = info.member_ids[0]
    source = write_csv(tmp_path / "in.csv", [[task, user, project]])
    assert run(capsys, *env, "tasks", "bulk-assign", "--csv", source)[0] == 0
    code, out, err = run(capsys, *env, "tasks", "bulk-unassign", "--csv", source)
    assert code == 0, err
    assert fake.applied[("unassign", (task, user))] == 1
    assert user not in fake.task_assignees(task)
    assert "1 unassigned" in out


def test_bulk_interrupted(
    env: list[str],
    info: SeedInfo,
    fake: FakeWebWork,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ctrl-C mid-job: exit 130, and the results file accounts for every row."""
    from webwork_async.cli import _bulk

    project = info.project_ids[0]
    user = info.member_ids[3]
    tasks = [fake.add_task(project_id=project, title=f"t{i}") for i in range(8)]
    source = write_csv(tmp_path / "in.csv", [[t, user] for t in tasks])
    results = tmp_path / "results.csv"
    calls = 0
    real = _bulk.Progress.__call__

    def interrupting(self: _bulk.Progress, progress: Any) -> None:
        nonlocal calls
        calls += 1
        real(self, progress)
        if calls == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(_bulk.Progress, "__call__", interrupting)
    code, _, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", source, "--project-id", str(project),
        "--results", str(results), "--concurrency", "1",
    )  # fmt: skip
    assert code == 130
    assert "interrupted:" in err
    assert "Traceback" not in err
    rows = read_results(results)
    assert sorted(int(r["row"]) for r in rows) == list(range(1, 9))
    succeeded = {int(r["task_id"]) for r in rows if r["status"] == "succeeded"}
    assert succeeded
    for task in tasks:
        assert fake.applied[("assign", (task, user))] == (1 if task in succeeded else 0)
    assert {r["status"] for r in rows} <= {"succeeded", "not_sent", "unknown"}


def test_bulk_missing_file(
    env: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, *env, "tasks", "bulk-assign", "--csv", str(tmp_path / "nope.csv"),
        "--project-id", "1",
    )  # fmt: skip
    assert code == 2
    assert err.startswith("error: cannot read ")


# -- tracking and demo ---------------------------------------------------------------------


def test_track_start_stop(
    env: list[str], info: SeedInfo, fake: FakeWebWork, capsys: pytest.CaptureFixture[str]
) -> None:
    user = info.member_ids[0]
    contract = fake.add_contract(project_id=info.project_ids[1], user_id=user)
    task = fake.add_task(project_id=info.project_ids[1], title="track me")
    code, out, err = run(
        capsys, *env, "track", "start", "--user-id", str(user), "--contract-id", str(contract),
        "--task-id", str(task), "--description", "working",
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith(f"tracker started for user {user} at ")
    assert f"task {task}" in out
    assert fake.applied[("start_tracking", user)] == 1
    # A second start is refused by the server: one line, exit 1.
    code, _, err = run(capsys, *env, "track", "start", "--user-id", str(user))
    assert code == 1
    assert err.startswith("error: HTTP ")
    code, out, err = run(capsys, *env, "--format", "json", "track", "stop", "--user-id", str(user))
    assert code == 0, err
    assert "stopped_at" in json.loads(out)
    assert fake.applied[("stop_tracking", user)] == 1


def test_track_task_needs_contract(env: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *env, "track", "start", "--user-id", "5", "--task-id", "9")
    assert code == 2
    assert err.startswith("error: task_id: needs a contract_id")


def test_demo(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo", "--tasks", "30", "--assign", "10", "--latency", "0")
    assert code == 0
    assert "Listed 30 tasks" in out


def test_module_subprocess(fake: FakeWebWork, server: FakeServer, info: SeedInfo) -> None:
    environ = {**os.environ, "WEBWORK_TOKEN": fake.token}
    environ.pop("WEBWORK_WORKSPACE_ID", None)
    done = subprocess.run(
        [sys.executable, "-m", "webwork_async.cli", "--base-url", server.url,
         "--workspace-id", str(fake.workspace_id), "--format", "csv", "projects", "list"],
        env=environ, capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(done.stdout.splitlines()))
    assert [int(r["id"]) for r in rows] == list(info.project_ids)
    assert fake.token not in done.stdout + done.stderr
