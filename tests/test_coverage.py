"""README's coverage table names a real method, on both clients, for every documented endpoint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import NOT_COVERED
from webwork_async import AsyncWebWork, WebWork

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
REFERENCE = ROOT.parent / "shared" / "api" / "webwork-api-v2.md"
ROW = re.compile(
    r"^\| (\d+) \| `(GET|POST|PUT|DELETE) (\S+)` "
    r"\| `await client\.(\w+)\.(\w+)\(\.\.\.\)` \| `client\.\4\.\5\(\.\.\.\)` \|$",
    re.M,
)


def covered() -> dict[str, tuple[str, str]]:
    return {f"{m[2]} {m[3]}": (m[4], m[5]) for m in ROW.finditer(README)}


def test_the_table_lists_every_covered_endpoint_once() -> None:
    rows = ROW.findall(README)
    count = 63 - len(NOT_COVERED)
    assert len(rows) == count
    assert len(covered()) == count
    assert [int(r[0]) for r in rows] == list(range(1, count + 1))


@pytest.mark.parametrize(("endpoint", "method"), sorted(covered().items()))
def test_each_named_method_exists_on_both_clients(endpoint: str, method: tuple[str, str]) -> None:
    resource, name = method
    for client_class in (AsyncWebWork, WebWork):
        annotation = client_class.__annotations__[resource]
        module = __import__(client_class.__module__, fromlist=[annotation])
        assert callable(getattr(getattr(module, annotation), name)), (endpoint, client_class)


@pytest.mark.skipif(not REFERENCE.exists(), reason="the API reference lives beside the repo")
def test_every_endpoint_of_the_reference_is_in_the_table() -> None:
    catalogue = re.findall(
        r"^\| \d+ \| (GET|POST|PUT|DELETE) (/\S+) \|", REFERENCE.read_text(), re.M
    )
    documented = {f"{method} {path}" for method, path in catalogue}
    assert len(documented) == 63
    assert documented - NOT_COVERED == set(covered())
