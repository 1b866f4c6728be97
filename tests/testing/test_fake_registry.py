"""The fake's resource registry: one module a resource, found without a hand-kept list."""

from __future__ import annotations

import ast
import dataclasses
import pkgutil
from pathlib import Path

import pytest

from webwork_async.testing import FakeWebWork, _resources
from webwork_async.testing._resource import Endpoints, Records, routes, seed_field, seeds
from webwork_async.testing._resources.webhooks import WEBHOOKS
from webwork_async.testing._seed import SeedInfo

TESTING = Path(_resources.__file__).parent.parent
RESOURCE_MODULES = sorted(module.name for module in pkgutil.iter_modules(_resources.__path__))
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


def test_a_resource_table_is_made_per_workspace_on_first_use() -> None:
    first, second = FakeWebWork(), FakeWebWork()
    webhook_id = first.add_webhook("https://example.com/hook")

    assert list(first.webhooks) == [webhook_id]
    assert second.webhooks == {}
    assert isinstance(WEBHOOKS, Records)


def test_the_add_methods_keep_the_signature_and_docstring_of_their_resource() -> None:
    fake = FakeWebWork()

    assert fake.add_webhook.__doc__ is not None
    assert "nothing is delivered" in fake.add_webhook.__doc__
    with pytest.raises(ValueError, match="event must be one of"):
        fake.add_webhook("https://example.com/hook", events=["task.updated"])
    with pytest.raises(TypeError):
        fake.add_webhook()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]


def test_seed_fields_are_named_after_the_record() -> None:
    assert seed_field("Webhook") == "webhook_ids"
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
