"""Mutation testing of the modules whose promises are easiest to break silently.

    python scripts/mutation.py              # all targets; exit 1 if one scores below 90 %
    python scripts/mutation.py pacer pager  # some of them
    python scripts/mutation.py --show       # also print the diff of every survivor

Each mutant is one small change (a flipped comparison, a changed constant, a deleted
statement) made by mutmut; it is "killed" when the target's tests fail with it. The run
happens in a temporary copy of the tracked files, so the work tree never sees a mutant.
Survivors that are equivalent or deliberate are explained in CONTRIBUTING.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THRESHOLD = 0.90

# target -> (module mutated, the tests that state its promises)
TARGETS: dict[str, tuple[str, list[str]]] = {
    "pacer": ("webwork_async/_ratelimit.py", ["tests/test_ratelimit*.py"]),
    "retry": ("webwork_async/_retry.py", ["tests/test_retry*.py"]),
    "pager": ("webwork_async/_async/_pagination.py", ["tests/_async/test_pagination*.py"]),
    "bulk": (
        "webwork_async/_bulk.py",
        ["tests/test_bulk*.py", "tests/_async/test_bulk*.py"],
    ),
    "bulk-runner": (
        "webwork_async/_async/_bulk.py",
        ["tests/test_bulk*.py", "tests/_async/test_bulk*.py"],
    ),
}
KILLED = {"killed", "timeout", "caught by type check", "segfault"}


def copy_tree(destination: Path) -> None:
    """The tracked files (as they are in the work tree) into ``destination``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    for name in listed.decode().split("\0"):
        source = ROOT / name
        if name and source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def configure(copy: Path, modules: list[str], tests: list[str]) -> None:
    selection = sorted({str(p.relative_to(copy)) for pattern in tests for p in copy.glob(pattern)})
    config = (
        "\n[tool.mutmut]\n"
        'source_paths = ["webwork_async"]\n'
        f"only_mutate = {json.dumps(modules)}\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(selection)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]\n'
    )
    with (copy / "pyproject.toml").open("a") as file:
        file.write(config)


def statuses(copy: Path, module: str) -> dict[str, str]:
    from mutmut.stats import status_by_exit_code

    meta = copy / "mutants" / f"{module}.meta"
    codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
    return {key: status_by_exit_code[code] for key, code in codes.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", metavar="target", help=", ".join(TARGETS))
    parser.add_argument("--show", action="store_true", help="print each survivor's diff")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.targets) - set(TARGETS))
    if unknown:
        parser.error(f"unknown targets {unknown}; choose from {sorted(TARGETS)}")
    chosen = {name: TARGETS[name] for name in (args.targets or TARGETS)}
    modules = [module for module, _ in chosen.values()]
    tests = [pattern for _, patterns in chosen.values() for pattern in patterns]
    failed = False
    with tempfile.TemporaryDirectory(prefix="webwork-mutation-") as tmp:
        copy = Path(tmp)
        copy_tree(copy)
        configure(copy, modules, tests)
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        # mutmut redraws a progress line many times a second: keep it out of the output.
        with (copy / "mutmut.log").open("w") as log:
            subprocess.run(
                [sys.executable, "-m", "mutmut", "run"],
                cwd=copy,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            )
        for name, (module, _) in chosen.items():
            found = statuses(copy, module)
            counts = Counter(found.values())
            if counts["not checked"] == len(found):
                # mutmut stopped before testing anything (e.g. the tests fail without mutants).
                print((copy / "mutmut.log").read_text()[-3000:])
                print(f"{name}: no mutant was checked; see mutmut's output above")
                return 1
            killed = sum(counts[s] for s in KILLED)
            score = killed / len(found) if found else 1.0
            verdict = "ok" if score >= THRESHOLD else "BELOW TARGET"
            failed |= score < THRESHOLD
            print(f"{name:12} {module:40} {killed}/{len(found)} killed = {score:.1%}  {verdict}")
            survivors = sorted(key for key, status in found.items() if status not in KILLED)
            for key in survivors:
                print(f"    {found[key]:10} {key}")
                if args.show:
                    subprocess.run(
                        [sys.executable, "-m", "mutmut", "show", key], cwd=copy, check=False
                    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
