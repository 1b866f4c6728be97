"""README.md is the front door: its two commands, its links and the ids its blocks use hold.

Every Python block of README.md and docs/ runs against the served fake through Sybil (the
root conftest.py); the tests here check what that cannot: that the two commands are the ones
CI runs, that every relative link leads to a page, and that every id a block names exists in
the fake that `python -m webwork_async.testing serve` seeds (issue 14: the quickstarts used
project 100, user 42 and task 500, which it does not have).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from webwork_async.testing import FakeWebWork

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
MKDOCS = (ROOT / "mkdocs.yml").read_text()


def test_the_first_command_is_the_demo_and_the_second_the_tests() -> None:
    commands = re.search(r"```bash\n(.*?)```", README, re.DOTALL)
    assert commands is not None
    lines = commands.group(1).strip().splitlines()
    assert lines == [
        "python -m pip install . && python -m webwork_async.testing demo",
        "python -m pip install nox && python -m nox -s tests",
    ]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python -m pip install --quiet --upgrade nox\npython -m nox -s tests" in ci


def test_readme_is_the_short_front_door() -> None:
    """The coverage and benchmark tables moved to the site; a few runnable blocks stay."""
    assert len(README.splitlines()) < 150
    assert len(re.findall(r"^```python$", README, re.MULTILINE)) <= 3
    assert "| 63 |" not in README
    assert "CONTRIBUTING.md" in README


def test_every_relative_link_of_readme_leads_to_a_file_or_a_page_of_the_site() -> None:
    """Links work on GitHub; a page the site's nav names is checked by `mkdocs build --strict`."""
    nav = set(re.findall(r":\s*(\S+\.md)\s*$", MKDOCS, re.MULTILINE))
    links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", README)
    assert len(links) >= 15
    for link in links:
        target = ROOT / link
        in_nav = link.startswith("docs/") and link.removeprefix("docs/") in nav
        assert target.exists() or in_nav, f"README links to {link}, which does not exist"


def seeded() -> dict[str, set[int]]:
    """The ids of the fake `serve` runs with its defaults."""
    fake = FakeWebWork(token="test-token", workspace_id=1, seed=0)
    info = fake.seed_workspace(
        projects=1, tasks_per_project=100, members=5, custom_statuses=True, days=14
    )
    members = {fake.owner_id, *info.member_ids}
    return {
        "project_id": set(info.project_ids),
        "user_id": members,
        "contract_id": set(info.contract_ids),
        "workspace_id": {1},
        "task": set(info.task_ids),
        "member": members,
    }


def python_blocks() -> list[tuple[str, str]]:
    blocks = []
    for page in PAGES:
        for block in re.findall(r"^```python\n(.*?)^```", page.read_text(), re.S | re.M):
            blocks.append((str(page.relative_to(ROOT)), block))
    return blocks


# The docs' id for "one that does not exist", where a block shows a NotFoundError.
MISSING = 99999

# Blocks that build a FakeWebWork of their own use its ids, not the served seed's.
SERVED_BLOCKS = [(page, block) for page, block in python_blocks() if "FakeWebWork(" not in block]


@pytest.mark.parametrize(("page", "block"), SERVED_BLOCKS, ids=lambda v: v[:60])
def test_every_id_a_block_names_exists_in_the_served_seed(page: str, block: str) -> None:
    ids = seeded()
    ids["task"].add(MISSING)
    for name, value in re.findall(r"\b(project_id|user_id|contract_id|workspace_id)=(\d+)", block):
        assert int(value) in ids[name], f"{page}: {name}={value} is not in the served fake"
    # Positional ids: tasks.get(10000, ...), tasks.assign(task_id, 101, ...), ...
    for task_id in re.findall(r"\btasks\.(?:get|update|delete|assignees)\((\d+)", block):
        assert int(task_id) in ids["task"], f"{page}: task {task_id} is not in the served fake"
    for user_id in re.findall(r"\btasks\.(?:assign|unassign)\([^,()]+, (\d+)", block):
        assert int(user_id) in ids["member"], f"{page}: member {user_id} is not served"


def test_the_id_check_knows_the_old_quickstarts_ids_are_not_served() -> None:
    ids = seeded()
    assert 100 not in ids["project_id"] and 500 not in ids["task"] and 42 not in ids["member"]
    assert {1000} <= ids["project_id"] and {101, 105} <= ids["member"]
    assert MISSING not in ids["task"]
