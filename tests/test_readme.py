"""The README's examples that run offline are run here, so they cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

import anyio

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def python_block(after_heading: str) -> str:
    section = README.split(f"## {after_heading}\n", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found is not None
    return found.group(1)


def test_the_testing_your_code_example_passes() -> None:
    namespace: dict[str, object] = {}
    exec(compile(python_block("Testing your code"), "README.md", "exec"), namespace)
    test = namespace["test_count_open_tasks"]
    anyio.run(test)  # type: ignore[arg-type]


def test_the_first_command_is_the_demo_and_the_second_the_tests() -> None:
    commands = re.search(r"```bash\n(.*?)```", README, re.DOTALL)
    assert commands is not None
    lines = commands.group(1).strip().splitlines()
    assert lines == [
        "python -m pip install . && python -m webwork_async.testing demo",
        "python -m pip install nox && python -m nox -s tests",
    ]
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "python -m pip install --quiet --upgrade nox\npython -m nox -s tests" in ci
