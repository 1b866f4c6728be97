"""Griffe extensions for the reference site, where griffe's static reading of the source would
show what Python does not: ``FakeWebWork``'s seeding and reading methods, and the clients'
resources.

Each of those methods is written once, in its resource's module (``_resources/tasks.py``
has ``add_task(ws, project_id, title, ...)``), and ``FakeWebWork`` takes it with
``add_task = _locked(_tasks.add_task)``. Python and the type checkers see a method with the
function's signature (less ``ws``) and docstring; griffe reads source statically and would
show an attribute. This extension makes those attributes the methods they are.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_LOCKED = re.compile(r"_locked\((\w+)\.(\w+)\)")
_FAKE = "webwork_async.testing._fake"


class LockedMethods(griffe.Extension):
    """Replaces ``name = _locked(module.function)`` in ``FakeWebWork`` by that function,
    bound: the same docstring, the parameters after the first (the workspace)."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if pkg.path != "webwork_async":
            return
        fake = loader.modules_collection[_FAKE]
        cls = fake.members["FakeWebWork"]
        for name, member in list(cls.members.items()):
            found = _LOCKED.fullmatch(str(getattr(member, "value", "")))
            if not isinstance(member, griffe.Attribute) or found is None:
                continue
            alias, function_name = found.groups()
            module = loader.modules_collection[fake.imports[alias]]
            function = module.members[function_name]
            method = griffe.Function(
                name,
                lineno=member.lineno,
                endlineno=member.endlineno,
                parameters=griffe.Parameters(*list(function.parameters)[1:]),
                returns=function.returns,
                docstring=function.docstring,
            )
            cls.set_member(name, method)


_CLIENTS = ("webwork_async._async._client.AsyncWebWork", "webwork_async._sync._client.WebWork")


class LazyResources(griffe.Extension):
    """Shows a client's ``tasks: AsyncTasks = resource()`` as the attribute it is to users,
    ``tasks: AsyncTasks``: the value is how the resource gets built on first use (``_lazy.py``),
    not something to read or pass."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if pkg.path != "webwork_async":
            return
        for path in _CLIENTS:
            for member in loader.modules_collection[path].members.values():
                if isinstance(member, griffe.Attribute) and str(member.value) == "resource()":
                    member.value = None
