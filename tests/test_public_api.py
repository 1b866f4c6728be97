"""The public API, rendered as text, must match the checked-in ``tests/public_api.txt``.

The rendering lists every name in the ``__all__`` of ``webwork_async``,
``webwork_async.models`` and ``webwork_async.testing``; for each class its bases, its enum
members, its annotated attributes (attrs/dataclass fields, the clients' resources) and its
public methods and properties with their ``inspect.signature`` (annotations as written in
the source); and, the same way, every class of the package reachable from those through an
attribute annotation (``client.tasks`` -> ``AsyncTasks``), so that renaming
``client.tasks.assign`` is caught too. Private names and dunder methods other than
``__init__`` are left out; everything is sorted, so the text is deterministic.

An accidental rename, removal or signature change fails this test with a diff. When the change
is intended, regenerate the snapshot and commit it with the change::

    WEBWORK_UPDATE_SNAPSHOT=1 pytest tests/test_public_api.py
"""

from __future__ import annotations

import difflib
import enum
import functools
import importlib
import inspect
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from webwork_async._lazy import LazyResource

SNAPSHOT = Path(__file__).with_name("public_api.txt")
MODULES = ("webwork_async", "webwork_async.models", "webwork_async.testing")
PACKAGE = "webwork_async"
UPDATE_VARIABLE = "WEBWORK_UPDATE_SNAPSHOT"


class _Text:
    """An annotation or default shown exactly as written (``inspect`` would quote strings)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _annotation(annotation: object) -> str:
    if isinstance(annotation, str):
        return annotation
    if annotation is inspect.Parameter.empty:
        return ""
    return inspect.formatannotation(annotation)


def _value(value: object) -> str:
    """A default value's repr, without memory addresses."""
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))


def _signature(function: Callable[..., Any], *, drop_first: bool = False) -> str:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        return "(...)"
    parameters = []
    for index, parameter in enumerate(signature.parameters.values()):
        if drop_first and index == 0:
            continue
        changes: dict[str, Any] = {}
        if parameter.annotation is not parameter.empty:
            changes["annotation"] = _Text(_annotation(parameter.annotation))
        if parameter.default is not parameter.empty:
            changes["default"] = _Text(_value(parameter.default))
        parameters.append(parameter.replace(**changes))
    return_annotation: Any = signature.empty
    if signature.return_annotation is not signature.empty:
        return_annotation = _Text(_annotation(signature.return_annotation))
    return str(signature.replace(parameters=parameters, return_annotation=return_annotation))


def _is_public(name: str) -> bool:
    return name == "__init__" or not name.startswith("_")


def _own_classes(cls: type) -> list[type]:
    """The classes of this package in ``cls``'s MRO, most derived first."""
    return [base for base in cls.__mro__ if base.__module__.split(".")[0] == PACKAGE]


def _function_line(name: str, function: Callable[..., Any], kind: str = "") -> str:
    prefix = "async def" if inspect.iscoroutinefunction(function) else "def"
    if inspect.isasyncgenfunction(function):
        prefix = "async generator def"
    return f"{kind}{prefix} {name}{_signature(function, drop_first=kind != 'staticmethod ')}"


def _member_line(name: str, member: object) -> str | None:
    if isinstance(member, staticmethod):
        return _function_line(name, member.__func__, "staticmethod ")
    if isinstance(member, classmethod):
        return _function_line(name, member.__func__, "classmethod ")
    if isinstance(member, property):
        getter = member.fget
        returns = "" if getter is None else inspect.signature(getter).return_annotation
        settable = " (settable)" if member.fset is not None else ""
        return f"property {name}: {_annotation(returns)}{settable}"
    if isinstance(member, functools.cached_property):
        returns = inspect.signature(member.func).return_annotation
        return f"cached_property {name}: {_annotation(returns)}"
    if inspect.isfunction(member):
        return _function_line(name, member)
    if type(member).__name__ in {"member_descriptor", "getset_descriptor"}:
        return None  # a slot; its annotation is rendered as an attribute
    if isinstance(member, LazyResource):
        return None  # a client's resource, built when first used: rendered as its annotation
    return f"attribute {name} = {_value(member)}"


def _class_lines(cls: type) -> Iterator[str]:
    bases = ", ".join(base.__qualname__ for base in cls.__bases__ if base is not object)
    yield f"class {cls.__module__}.{cls.__qualname__}({bases})"
    members: dict[str, str] = {}
    enum_members: set[str] = set()
    if issubclass(cls, enum.Enum):
        for name, member in cls.__members__.items():
            enum_members.add(name)
            alias = "" if member.name == name else f" (alias of {member.name})"
            members[name] = f"member {name} = {member.value!r}{alias}"
    for owner in reversed(_own_classes(cls)):  # the most derived definition wins
        for name, annotation in vars(owner).get("__annotations__", {}).items():
            if _is_public(name) and name not in enum_members:
                members[name] = f"attribute {name}: {_annotation(annotation)}"
        for name, member in vars(owner).items():
            if not _is_public(name) or name in enum_members:
                continue
            line = _member_line(name, member)
            if line is not None:
                members[name] = line
    for name in sorted(members):
        yield f"    {members[name]}"


def _referenced_classes(cls: type) -> Iterator[type]:
    """Classes of this package named by the public attribute annotations of ``cls``."""
    for owner in _own_classes(cls):
        namespace = vars(sys.modules[owner.__module__])
        for name, annotation in vars(owner).get("__annotations__", {}).items():
            if not _is_public(name) or not isinstance(annotation, str):
                continue
            for word in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", annotation):
                target = namespace.get(word)
                if target is None:  # imported under TYPE_CHECKING only
                    target = _find_class(word)
                if isinstance(target, type) and target.__module__.split(".")[0] == PACKAGE:
                    yield target


def _find_class(name: str) -> type | None:
    for module_name, module in sorted(sys.modules.items()):
        if module_name.split(".")[0] == PACKAGE and isinstance(getattr(module, name, None), type):
            found: type = getattr(module, name)
            if found.__module__ == module_name:
                return found
    return None


def render() -> str:
    """The public API as text."""
    lines: list[str] = []
    exported: set[type] = set()
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        lines.append(f"module {module_name}")
        for name in sorted(module.__all__):
            value = getattr(module, name)
            if isinstance(value, type):
                exported.add(value)
                lines.append(f"    class {name} = {value.__module__}.{value.__qualname__}")
            elif inspect.isfunction(value):
                lines.append(f"    {_function_line(name, value)}")
            elif name == "__version__":
                lines.append(f"    {name}: {type(value).__name__}")
            else:
                lines.append(f"    {name}: {type(value).__name__} = {_value(value)}")
        lines.append("")
    reachable = set(exported)
    todo = list(exported)
    while todo:
        for target in _referenced_classes(todo.pop()):
            if target not in reachable:
                reachable.add(target)
                todo.append(target)
    for cls in sorted(reachable, key=lambda c: (c.__module__, c.__qualname__)):
        lines.extend(_class_lines(cls))
        lines.append("")
    return "\n".join(lines)


def test_public_api_matches_the_snapshot() -> None:
    current = render()
    if os.environ.get(UPDATE_VARIABLE):
        SNAPSHOT.write_text(current, encoding="utf-8")
        return
    assert SNAPSHOT.exists(), f"no {SNAPSHOT.name}: run `{UPDATE_VARIABLE}=1 pytest {__file__}`"
    expected = SNAPSHOT.read_text(encoding="utf-8")
    if current != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                current.splitlines(keepends=True),
                fromfile=f"tests/{SNAPSHOT.name} (checked in)",
                tofile="public API (now)",
            )
        )
        raise AssertionError(
            "The public API changed. If that is intended, regenerate the snapshot with "
            f"`{UPDATE_VARIABLE}=1 pytest tests/test_public_api.py` and commit it.\n\n{diff}"
        )


def test_rendering_is_deterministic() -> None:
    assert render() == render()


def test_every_exported_name_is_rendered() -> None:
    text = render()
    for module_name in MODULES:
        for name in importlib.import_module(module_name).__all__:
            assert re.search(rf"^    (class |def |async def )?{re.escape(name)}\b", text, re.M)
