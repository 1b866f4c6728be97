"""Fail unless every declared dependency is installed at exactly its declared floor.

`nox -s lowest` runs this after uv installed the project with `--resolution lowest-direct`
and before the test suite, so a green session proves the suite passed on the very floors that
pyproject.toml promises. It reads the installed project's metadata (what a wheel would carry),
not pyproject.toml, and checks the requirements of the core and of every extra except `dev`
and `docs` (the maintainers' linters, type checkers and site builder: a newer release of
those is chosen on purpose).

A requirement installed above its floor means that something else (a dependency of another
dependency) needs more, so the declared floor was never tested: raise it to the version
installed. A requirement not installed means the session left out an extra.

    python scripts/check_floors.py
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

PROJECT = "webwork-async"
# The maintainers' tools: their floors say which release understands our configuration, and
# nobody runs the SDK with them.
UNCHECKED_EXTRAS = frozenset({"dev", "docs"})


def floor(requirement: Requirement) -> Version | None:
    """The lowest version ``requirement`` allows (its ``>=`` or ``==`` bound), if it names one."""
    for specifier in requirement.specifier:
        if specifier.operator in (">=", "=="):
            return Version(specifier.version)
    return None


def problems(
    requires: Iterable[str], extras: Iterable[str], installed: Callable[[str], str | None]
) -> list[str]:
    """One line per requirement that applies here and is not installed at exactly its floor.

    ``requires`` are Requires-Dist strings; a requirement applies when its marker holds for
    this interpreter with no extra or with one of ``extras``. ``installed`` maps a
    distribution name to its installed version, or None.
    """
    chosen = ("", *extras)
    found: list[str] = []
    for line in requires:
        requirement = Requirement(line)
        if canonicalize_name(requirement.name) == PROJECT:
            continue  # "webwork-async[testing]" inside "test": those lines are checked themselves
        marker = requirement.marker
        if marker is not None and not any(marker.evaluate({"extra": e}) for e in chosen):
            continue
        lowest = floor(requirement)
        version = installed(requirement.name)
        if lowest is None:
            found.append(f"{requirement}: declares no floor (>=)")
        elif version is None:
            found.append(f"{requirement}: not installed (the session must install its extra)")
        elif Version(version) != lowest:
            found.append(
                f"{requirement}: {requirement.name} {version} is installed, not {lowest}; "
                f"something else needs more, so raise the floor to what the suite passed with"
            )
    return found


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def main() -> int:
    """Check the installed project against its installed dependencies; 1 on any mismatch."""
    requires = metadata.requires(PROJECT) or []
    extras = set(metadata.metadata(PROJECT).get_all("Provides-Extra") or []) - UNCHECKED_EXTRAS
    found = problems(requires, sorted(extras), _installed)
    if found:
        print(f"{len(found)} declared floor(s) not what is installed:", file=sys.stderr)
        for line in found:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"Every declared floor is installed (extras: {', '.join(sorted(extras))}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
