"""Developer tasks: `nox -s tests lint typecheck typecheck_plain sync bench lowest build docs`."""

from __future__ import annotations

import glob
import os
import shutil

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
# The same pin as the `test` extra: scripts/unasync.py formats its output with it.
RUFF = "ruff==0.17.6"

nox.options.sessions = ["tests", "lint", "typecheck", "pyright", "sync"]
# Test on every supported Python this machine has; CI puts all four on PATH.
nox.options.error_on_missing_interpreters = False
nox.options.reuse_existing_virtualenvs = True


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The test suite (asyncio, trio and sync), without optional speedups. mypy is installed
    too: one test checks the types a user's checker sees for ``FakeWebWork``'s members."""
    session.install("-e", ".[test,server]", "mypy>=1.10")
    session.run("pytest", *session.posargs)


# The oldest supported Python: the one the oldest releases of our dependencies have wheels for.
# A fresh environment each time, so that nothing newer is left over from a previous run.
@nox.session(python="3.10", reuse_venv=False)
def lowest(session: nox.Session) -> None:
    """The whole suite on the lowest version of every declared dependency (every extra but dev)."""
    session.install("uv>=0.4")
    session.run(
        "uv", "pip", "install", "--quiet",
        "--python", os.path.join(session.bin, "python"),
        "--resolution", "lowest-direct",
        "-e", ".[speedups,server,testing,redis,test]",
    )  # fmt: skip
    # Fails unless each requirement is installed at exactly its declared floor.
    session.run("python", "scripts/check_floors.py")
    session.run("pytest", *session.posargs)


@nox.session(python="3.11", reuse_venv=False)
def build(session: nox.Session) -> None:
    """Build the sdist and wheel, run `twine check`, and check what the wheel contains."""
    session.install("build>=1.2", "twine>=6.1")
    dist = os.path.join(session.create_tmp(), "dist")
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", dist, ".")
    session.run("twine", "check", "--strict", *sorted(glob.glob(os.path.join(dist, "*"))))
    session.run("python", "scripts/check_wheel.py", dist)
    # Installed from the wheel alone, the command and the fake work (no source tree on sys.path).
    session.install(*glob.glob(os.path.join(dist, "*.whl")))
    session.run("webwork", "--help", silent=True)
    session.run("python", "-I", "-c", "import webwork_async.testing, webwork_async.cli")


@nox.session(python="3.11")
def docs(session: nox.Session) -> None:
    """Build the reference site with `mkdocs build --strict`: a broken link or reference fails."""
    session.install("-e", ".[docs]")
    session.run(
        "mkdocs",
        "build",
        "--strict",
        "--site-dir",
        os.path.join(session.create_tmp(), "site"),
        # mkdocs-material's banner about a successor project, not about this site
        env={"NO_MKDOCS_2_WARNING": "1"},
    )


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install(RUFF)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python="3.11")
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package and the examples."""
    session.install("-e", ".[speedups,server,test]", "mypy>=1.10")
    session.run("mypy")


@nox.session(python="3.11")
def pyright(session: nox.Session) -> None:
    """basedpyright in strict mode on the package and the examples."""
    # exceptiongroup: pyright checks the Python 3.10 branch that imports it.
    session.install("-e", ".[speedups,server,test]", "basedpyright>=1.20", "exceptiongroup")
    session.run("basedpyright", "--level", "error")


# The lowest supported Python, so that pyright checks the Python 3.10 branches against what
# a plain install on it brings (exceptiongroup, a dependency there), and nothing more.
@nox.session(python="3.10", reuse_venv=False)
def typecheck_plain(session: nox.Session) -> None:
    """mypy and basedpyright, strict, on the package in a plain install: no extras, so no
    orjson, trio, uvicorn or respx. The examples need their own extras and are left out."""
    session.install("-e", ".", "mypy>=1.10", "basedpyright>=1.20")
    session.run("mypy", "webwork_async")
    # testing/ included: uvicorn and respx, its optional extras, are typed through Protocols
    # (_server._UvicornServer, _transport._Router); only FakeWebWork.mock() names respx's type.
    session.run("basedpyright", "--level", "error", "webwork_async")


@nox.session(python="3.11")
def sync(session: nox.Session) -> None:
    """Fail if the generated sync code differs from what scripts/unasync.py writes."""
    session.install(RUFF)
    session.run("python", "scripts/unasync.py", "--check")


@nox.session(python="3.11")
def bench(session: nox.Session) -> None:
    """Benchmarks: ratios measured side by side in one run."""
    # redis: bench_shared_budget (it starts a redis-server of its own: Debian's package).
    # trio: the call, pagination and bulk figures are measured on trio too.
    session.install("-e", ".[speedups,server,redis]", "pydantic>=2.7", "trio>=0.25")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session(python="3.11")
def mutation(session: nox.Session) -> None:
    """Mutation testing of the pacer, retry policy, pager and bulk modules (>= 90 % killed)."""
    session.install("-e", ".[test,server]", "mutmut>=3.3,<4")
    session.run("python", "scripts/mutation.py", *session.posargs)
