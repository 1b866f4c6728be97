"""Fail loudly unless the built wheel and sdist hold what users need, and the wheel nothing else.

`nox -s build` runs this on its output folder, which must hold one wheel and one sdist:

    python scripts/check_wheel.py DIST_DIR

The wheel must carry every file of the package in this tree (py.typed, so type checkers
read our hints; the fake in webwork_async/testing; the CLI), the `webwork` console script,
the license, and nothing outside the package (no tests, scripts, benchmarks or caches). The
sdist must carry what rebuilding and testing it needs.
"""

from __future__ import annotations

import configparser
import sys
import tarfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

PACKAGE = "webwork_async"
ROOT = Path(__file__).resolve().parent.parent
# Named even though every package file is required: these are the ones users rely on by name.
WHEEL_MUST_HAVE = (
    f"{PACKAGE}/py.typed",
    f"{PACKAGE}/testing/__init__.py",
    f"{PACKAGE}/testing/_fake.py",
    f"{PACKAGE}/cli/__init__.py",
)
CONSOLE_SCRIPTS = {"webwork": f"{PACKAGE}.cli:main"}
SDIST_MUST_HAVE = (
    "pyproject.toml",
    "README.md",
    "LICENSE",
    "CHANGELOG.md",
    f"{PACKAGE}/py.typed",
    "tests/conftest.py",
    "examples",
    "scripts/unasync.py",
)
_NEVER = ("__pycache__/", ".pyc", ".venv/", ".nox/", ".pytest_cache/", ".mypy_cache/")


def package_files(root: Path = ROOT) -> list[str]:
    """The files of the package in the source tree, as paths relative to ``root``."""
    return sorted(
        path.relative_to(root).as_posix()
        for path in (root / PACKAGE).rglob("*")
        if path.is_file() and path.suffix in (".py", ".typed")
    )


def wheel_problems(names: Iterable[str], entry_points: str, expected: Iterable[str]) -> list[str]:
    """What is wrong with a wheel holding ``names``, given its entry_points.txt text."""
    names = set(names)
    found = [f"missing: {name}" for name in WHEEL_MUST_HAVE if name not in names]
    found += [f"missing package file: {name}" for name in expected if name not in names]
    dist_info = {name.split("/", 1)[0] for name in names if ".dist-info/" in name}
    for name in sorted(names):
        top = name.split("/", 1)[0]
        if top != PACKAGE and top not in dist_info:
            found.append(f"not part of the package: {name}")
        elif any(marker in name for marker in _NEVER):
            found.append(f"cache or environment file: {name}")
    if not any(name.endswith(".dist-info/licenses/LICENSE") for name in names):
        found.append("missing: the LICENSE file in .dist-info/licenses/")
    parser = configparser.ConfigParser()
    parser.read_string(entry_points)
    scripts = dict(parser["console_scripts"]) if parser.has_section("console_scripts") else {}
    for script, target in CONSOLE_SCRIPTS.items():
        if scripts.get(script) != target:
            found.append(f"console script {script} = {target} missing (found {scripts})")
    return found


def sdist_problems(names: Iterable[str]) -> list[str]:
    """What is wrong with an sdist holding ``names`` (paths below its top folder)."""
    names = set(names)
    found = [
        f"missing: {want}"
        for want in SDIST_MUST_HAVE
        if want not in names and not any(name.startswith(f"{want}/") for name in names)
    ]
    found += [
        f"cache or environment file: {name}"
        for name in sorted(names)
        if any(marker in name for marker in _NEVER)
    ]
    return found


def _one(folder: Path, pattern: str) -> Path:
    matches = sorted(folder.glob(pattern))
    if len(matches) != 1:
        sys.exit(f"check_wheel: expected one {pattern} in {folder}, found {len(matches)}")
    return matches[0]


def main(argv: list[str]) -> int:
    """Check the wheel and the sdist in ``argv[0]``; 1 and a list of problems on failure."""
    if len(argv) != 1:
        sys.exit(__doc__)
    folder = Path(argv[0])
    wheel, sdist = _one(folder, "*.whl"), _one(folder, "*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = next((n for n in names if n.endswith(".dist-info/entry_points.txt")), None)
        text = archive.read(entry_points).decode() if entry_points else ""
    found = [f"{wheel.name}: {line}" for line in wheel_problems(names, text, package_files())]
    with tarfile.open(sdist) as archive:
        inner = [name.split("/", 1)[1] for name in archive.getnames() if "/" in name]
    found += [f"{sdist.name}: {line}" for line in sdist_problems(inner)]
    if found:
        print(f"{len(found)} problem(s) with the built distributions:", file=sys.stderr)
        for line in found:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"{wheel.name} ({len(names)} files) and {sdist.name}: contents as expected.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
