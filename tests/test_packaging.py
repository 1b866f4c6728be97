"""What pyproject.toml, README.md, the docs and the built distributions promise a newcomer is true.

Each test here would have caught a packaging mistake issue 14 found: an install command for
an index the package is not on, a declared floor (`cattrs>=23.2`) the package cannot import
with, an extra the docs advertise that installs nothing (`cli`), a feature whose dependency no
extra installs (`fake.mock()` and respx). `nox -s lowest` and `nox -s build` run the checks
tested here against real installs and real builds.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
EXTRAS: dict[str, list[str]] = PROJECT["optional-dependencies"]
README = (ROOT / "README.md").read_text()
GETTING_STARTED = (ROOT / "docs" / "getting-started.md").read_text()
# What a newcomer reads: README.md and every page of the site.
DOCS = "\n".join([README, *(page.read_text() for page in sorted((ROOT / "docs").rglob("*.md")))])
# The maintainers' tools, not checked by `nox -s lowest` (scripts/check_floors.py says why).
TOOL_EXTRAS = {"dev", "docs"}
# Where an upper bound is allowed: a known break in the next major release. Adding one is a
# decision to make here, with its reason in pyproject.toml.
KNOWN_BREAKS = {"httpx": "<1"}


def load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_floors = load_script("check_floors")
check_wheel = load_script("check_wheel")


def section(heading: str) -> str:
    """The getting-started page's text under ``## heading``, up to the next ``## ``."""
    return GETTING_STARTED.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def requirements(*, with_tools: bool = False) -> list[Requirement]:
    """Every requirement pyproject.toml declares (core and extras), but not self-references."""
    lines = list(PROJECT["dependencies"])
    for extra, extra_lines in EXTRAS.items():
        if with_tools or extra not in TOOL_EXTRAS:
            lines += extra_lines
    return [r for r in map(Requirement, lines) if r.name != PROJECT["name"]]


# -- floors --------------------------------------------------------------------------------


@pytest.mark.parametrize("requirement", requirements(), ids=str)
def test_every_requirement_declares_a_floor_and_caps_only_known_breaks(
    requirement: Requirement,
) -> None:
    operators = {spec.operator for spec in requirement.specifier}
    # An exact pin (ruff, whose output the suite checks) is its own floor.
    assert operators & {">=", "=="}, f"{requirement}: no floor, so `nox -s lowest` cannot test one"
    caps = {f"{s.operator}{s.version}" for s in requirement.specifier if s.operator.startswith("<")}
    assert caps <= {KNOWN_BREAKS.get(requirement.name, "")} - {""}, requirement


def test_cattrs_floor_has_the_hook_lookup_the_converter_uses() -> None:
    """Issue 14: cattrs 23.2.1 has no Converter.get_structure_hook, and importing failed."""
    (cattrs,) = [r for r in requirements() if r.name == "cattrs"]
    assert check_floors.floor(cattrs) >= check_floors.Version("24.1")


def floor_problems(requires: list[str], installed: dict[str, str], *extras: str) -> list[str]:
    return check_floors.problems(requires, extras, installed.get)


def test_floors_check_passes_when_each_requirement_is_installed_at_its_floor() -> None:
    requires = ["cattrs>=24.1", "httpx<1,>=0.27", 'respx>=0.22; extra == "testing"']
    installed = {"cattrs": "24.1.0", "httpx": "0.27", "respx": "0.22.0"}
    assert floor_problems(requires, installed, "testing") == []


def test_floors_check_fails_when_something_else_pulled_a_requirement_higher() -> None:
    (problem,) = floor_problems(["attrs>=23.1"], {"attrs": "23.2.0"})
    assert "attrs 23.2.0 is installed, not 23.1" in problem


def test_floors_check_fails_when_an_extra_was_not_installed() -> None:
    requires = ['respx>=0.22; extra == "testing"']
    (problem,) = floor_problems(requires, {}, "testing")
    assert "not installed" in problem


def test_floors_check_fails_on_a_requirement_without_a_floor() -> None:
    (problem,) = floor_problems(["orjson"], {"orjson": "3.9.0"})
    assert "no floor" in problem


def test_floors_check_skips_other_extras_other_pythons_and_the_project_itself() -> None:
    requires = [
        'mypy>=1.10; extra == "dev"',
        "exceptiongroup>=1.1.1; python_version < '3.0'",
        'webwork-async[testing]; extra == "test"',
    ]
    assert floor_problems(requires, {}, "test") == []


def test_the_lowest_session_installs_every_extra_the_floors_check_checks() -> None:
    """check_floors.py fails on an extra left out; this says which line to fix before that."""
    noxfile = (ROOT / "noxfile.py").read_text()
    found = re.search(r'"-e", "\.\[([a-z,]+)\]",\n\s*\)  # fmt: skip\n[^@]*check_floors', noxfile)
    assert found is not None, "the lowest session installs the project, then checks the floors"
    assert set(found.group(1).split(",")) == set(EXTRAS) - TOOL_EXTRAS
    assert "lowest-direct" in noxfile


# -- extras --------------------------------------------------------------------------------


def test_no_extra_is_empty() -> None:
    """Issue 14: `cli = []` was advertised, and installing it added nothing."""
    assert [name for name, lines in EXTRAS.items() if not lines] == []


def test_every_extra_the_docs_name_exists_and_installs_something() -> None:
    named = set()
    for group in re.findall(r"webwork-async\[([a-z0-9_,-]+)\]|\"\.\[([a-z0-9_,-]+)\]\"", DOCS):
        for extras in group:
            named |= set(filter(None, extras.split(",")))
    named |= set(re.findall(r"^\| `([a-z]+)` \|", section("Install"), re.MULTILINE))
    assert named, "the docs name no extra at all: this test lost track of its syntax"
    assert named - set(EXTRAS) == set(), "the docs name an extra pyproject.toml lacks"
    assert all(EXTRAS[name] for name in named)


def test_every_user_extra_is_in_the_install_table() -> None:
    table = set(re.findall(r"^\| `([a-z]+)` \|", section("Install"), re.MULTILINE))
    assert table == set(EXTRAS) - {"dev", "test"}


def test_the_fakes_optional_imports_are_installed_by_the_extras_readme_names() -> None:
    """Issue 14: fake.mock() needs respx, and no extra a user installs brought it."""
    assert [Requirement(r).name for r in EXTRAS["testing"]] == ["respx"]
    assert [Requirement(r).name for r in EXTRAS["server"]] == ["uvicorn"]
    assert [Requirement(r).name for r in EXTRAS["speedups"]] == ["orjson"]


def test_every_module_the_package_imports_is_declared() -> None:
    """Nothing imported only because a dependency happens to bring it (h11 came with httpcore)."""
    user = {r.name for r in requirements()} - {r.name for r in map(Requirement, EXTRAS["test"])}
    imported: set[str] = set()
    for path in (ROOT / "webwork_async").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
            elif (  # optional extras are imported by name: importlib.import_module("uvicorn")
                isinstance(node, ast.Call)
                and ast.unparse(node.func) == "importlib.import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                imported.add(node.args[0].value.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"webwork_async"}
    # Imported only while trio runs the code, so whoever runs it has trio.
    third_party -= {"trio"}
    distributions = importlib.metadata.packages_distributions()
    undeclared = {
        module for module in third_party if not set(distributions.get(module, [module])) & user
    }
    assert third_party >= {"httpx", "attrs", "cattrs", "anyio", "h11", "respx", "uvicorn", "redis"}
    assert undeclared == set()


def test_the_cli_needs_no_extra_and_its_entry_point_imports() -> None:
    assert PROJECT["scripts"] == {"webwork": "webwork_async.cli:main"}
    from webwork_async.cli import main

    assert callable(main)
    assert "cli" not in EXTRAS
    assert "[cli]" not in DOCS


# -- install instructions ------------------------------------------------------------------


def test_install_commands_work_without_the_package_on_an_index() -> None:
    """Issue 14: `pip install webwork-async` failed, the package is not on PyPI.

    When it is published, this test changes with the docs: the index becomes one more way.
    """
    targets = re.findall(r"pip install (\"[^\"]*\"|\S+)", DOCS)
    assert len(targets) >= 4
    for target in (t.strip('"') for t in targets):
        local = target == "." or target.startswith((".[", ".nox/")) or target.endswith(".whl")
        from_git = " @ git+" in target
        assert local or from_git or target == "nox", f"pip install {target}: needs an index"


# -- the files a project is expected to have -----------------------------------------------


def test_the_license_file_is_the_mit_license_the_metadata_declares() -> None:
    assert PROJECT["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 webwork-async developers" in text


def test_the_changelog_keeps_a_changelog_with_an_unreleased_section() -> None:
    text = (ROOT / "CHANGELOG.md").read_text()
    assert text.startswith("# Changelog\n")
    assert "https://keepachangelog.com/" in text
    unreleased = text.split("## [Unreleased]\n", 1)[1]
    assert "### Added" in unreleased


def test_project_urls_are_real_addresses() -> None:
    """No placeholder: URLs are left out until the repository has a public address."""
    for name, url in PROJECT["urls"].items():
        assert url.startswith("https://"), name
        assert not re.search(r"example|placeholder|todo|<|>", url, re.IGNORECASE), name


# -- the built distributions ---------------------------------------------------------------

WHEEL = check_wheel.package_files()
ENTRY_POINTS = "[console_scripts]\nwebwork = webwork_async.cli:main\n"
DIST_INFO = [
    "webwork_async-0.1.0.dist-info/METADATA",
    "webwork_async-0.1.0.dist-info/licenses/LICENSE",
]


def test_the_package_files_include_what_users_rely_on() -> None:
    assert set(check_wheel.WHEEL_MUST_HAVE) <= set(WHEEL)


def test_wheel_check_passes_a_complete_wheel() -> None:
    assert check_wheel.wheel_problems([*WHEEL, *DIST_INFO], ENTRY_POINTS, WHEEL) == []


@pytest.mark.parametrize(
    ("dropped", "added", "expected"),
    [
        ("webwork_async/py.typed", None, "missing: webwork_async/py.typed"),
        ("webwork_async/testing/_fake.py", None, "missing: webwork_async/testing/_fake.py"),
        ("webwork_async/_bulk.py", None, "missing package file: webwork_async/_bulk.py"),
        (DIST_INFO[1], None, "missing: the LICENSE file"),
        (None, "tests/test_models.py", "not part of the package: tests/test_models.py"),
        (None, "webwork_async/__pycache__/_bulk.pyc", "cache or environment file"),
    ],
)
def test_wheel_check_fails_loudly(dropped: str | None, added: str | None, expected: str) -> None:
    names = [name for name in [*WHEEL, *DIST_INFO, added] if name and name != dropped]
    found = check_wheel.wheel_problems(names, ENTRY_POINTS, WHEEL)
    assert any(expected in line for line in found), found


def test_wheel_check_fails_without_the_console_script() -> None:
    found = check_wheel.wheel_problems([*WHEEL, *DIST_INFO], "", WHEEL)
    assert found == ["console script webwork = webwork_async.cli:main missing (found {})"]


def test_sdist_check() -> None:
    complete = [*check_wheel.SDIST_MUST_HAVE[:-2], "examples/trio_usage.py", "scripts/unasync.py"]
    assert check_wheel.sdist_problems(complete) == []
    without_license = [name for name in complete if name != "LICENSE"]
    assert check_wheel.sdist_problems(without_license) == ["missing: LICENSE"]
    assert check_wheel.sdist_problems([*complete, ".venv/bin/python"]) == [
        "cache or environment file: .venv/bin/python"
    ]
