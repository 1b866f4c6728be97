"""The fake's resource registry: one module a resource, found without a hand-kept list."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from webwork_async.testing import FakeWebWork, _resources
from webwork_async.testing._resource import Endpoints, Records, routes, seed_field, seeds
from webwork_async.testing._seed import SeedInfo

TESTING = Path(_resources.__file__).parent.parent
# ``_common`` and any other private module holds shared helpers, not a resource.
RESOURCE_MODULES = sorted(
    module.name
    for module in pkgutil.iter_modules(_resources.__path__)
    if not module.name.startswith("_")
)
# What every resource builds on; none of it may know a resource.
CORE = ("_table", "_plumbing", "_validation", "_wire", "_state", "_resource")


@pytest.mark.parametrize("core", CORE)
def test_core_modules_import_no_resource_module(core: str) -> None:
    tree = ast.parse((TESTING / f"{core}.py").read_text())
    imported = [
        f"{node.module or ''}:{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    ]

    resource_imports = [
        name
        for name in imported
        if name.startswith("_resources") or name.split(":")[1] in RESOURCE_MODULES
    ]
    assert resource_imports == []


def test_every_route_is_found_once_and_every_module_declares_its_own() -> None:
    found = routes()

    keys = [route.key for route in found]
    # (that they are the reference's endpoints is test_coverage's business)
    assert len(keys) == len(set(keys)) > 0
    for name in RESOURCE_MODULES:
        module = __import__(f"{_resources.__name__}.{name}", fromlist=["endpoints"])
        assert isinstance(module.endpoints, Endpoints), name
        assert module.endpoints.routes, f"{name} serves no route"


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{_resources.__name__}.{name}")


TABLES = {
    f"{name}.{attribute}": records
    for name in RESOURCE_MODULES
    for attribute, records in vars(_module(name)).items()
    if isinstance(records, Records)
}
OFFERED = [
    (name, function)
    for name in RESOURCE_MODULES
    for function_name, function in vars(_module(name)).items()
    if function_name.startswith("add_") and inspect.isfunction(function)
]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_resource_table_is_made_per_workspace_on_first_use(name: str) -> None:
    records = TABLES[name]
    first, second = FakeWebWork(), FakeWebWork()

    assert records not in first._ws.tables  # pyright: ignore[reportPrivateUsage]
    table = records.of(first._ws)  # pyright: ignore[reportPrivateUsage]
    assert records.of(first._ws) is table  # pyright: ignore[reportPrivateUsage]
    assert records.of(second._ws) is not table  # pyright: ignore[reportPrivateUsage]


@pytest.mark.parametrize(("module", "function"), OFFERED, ids=lambda v: getattr(v, "__name__", v))
def test_the_add_methods_keep_the_signature_and_docstring_of_their_resource(
    module: str, function: Callable[..., Any]
) -> None:
    method = getattr(FakeWebWork(), function.__name__)

    assert method.__doc__ == function.__doc__
    assert function.__doc__
    assert (
        list(inspect.signature(method).parameters.values())
        == list(inspect.signature(function).parameters.values())[1:]
    )


def test_the_add_methods_are_typed_for_the_checkers() -> None:
    """mypy and basedpyright see the resource function's signature, less ``ws``: were the
    method untyped, the ignores below would be unused, which both report as an error."""
    with pytest.raises(TypeError):
        FakeWebWork().add_project()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]


def test_the_read_properties_keep_the_type_and_docstring_of_their_resource() -> None:
    properties = [(n, f) for n, f in offered() if isinstance(vars(FakeWebWork)[n], property)]
    assert properties
    for name, function in properties:
        read: property = vars(FakeWebWork)[name]
        assert inspect.getdoc(read) == inspect.getdoc(function)
        assert read.fget is not None
        returns = inspect.signature(read.fget).return_annotation
        assert returns == inspect.signature(function).return_annotation


def test_seed_fields_are_named_after_the_record() -> None:
    assert seed_field("Webhook") == "webhook_ids"  # the rule only: no module needed
    assert seed_field("LeavePolicy") == "leave_policy_ids"


def test_each_resource_seed_fills_its_own_seed_info_field_once_per_workspace() -> None:
    fields = {field.name for field in dataclasses.fields(SeedInfo)}
    fake = FakeWebWork()
    first = fake.seed_workspace(projects=1, tasks_per_project=0, members=1, days=0)
    again = fake.seed_workspace(projects=1, tasks_per_project=0, members=1, days=0)
    for field, _ in seeds():
        assert field in fields
        assert getattr(first, field), field
        assert getattr(again, field) == getattr(first, field)


def offered() -> list[tuple[str, Callable[..., Any]]]:
    """``(attribute, function)``: what ``FakeWebWork`` offers for each resource module."""
    found = []
    for module in RESOURCE_MODULES:
        for function_name, function in vars(_module(module)).items():
            if function_name == "read" or function_name.startswith("read_"):
                name = module if function_name == "read" else function_name[len("read_") :]
            else:
                name = function_name
            attribute = vars(FakeWebWork).get(name)
            if getattr(attribute, "__wrapped__", None) is function or (
                isinstance(attribute, property) and name != function_name
            ):
                found.append((name, function))
    return found


def test_the_checkers_see_each_offered_method_and_property_typed(tmp_path: Path) -> None:
    """``_locked`` and the generated properties keep the resource function's types for mypy
    (strict), as users' code sees them: each ``reveal_type`` names the function's parameters
    (less ``ws``); a property is its type, not ``Any``."""
    api = pytest.importorskip("mypy.api")
    found = offered()
    assert {f.__name__ for _, f in found} >= {f.__name__ for _, f in OFFERED}  # every add_*
    snippet = tmp_path / "uses_the_fake.py"
    lines = ["from webwork_async.testing import FakeWebWork", "fake = FakeWebWork()"]
    lines += [f"reveal_type(fake.{name})" for name, _ in found]
    snippet.write_text("\n".join(lines) + "\n")
    out, err, _ = api.run(["--strict", "--no-incremental", "--no-error-summary", str(snippet)])
    revealed = re.findall(r'note: Revealed type is "(.*)"', out)
    assert len(revealed) == len(found), out + err
    for (name, function), shown in zip(found, revealed, strict=True):
        assert shown != "Any", name
        method = not isinstance(vars(FakeWebWork)[name], property)
        assert shown.startswith("def (") == method, (name, shown)
        for parameter in list(inspect.signature(function).parameters)[1:]:
            assert f"{parameter}:" in shown, (name, parameter, shown)
