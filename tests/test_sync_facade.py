"""The sync facade is generated, never hand-edited, and mirrors the async API exactly."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import webwork_async
from webwork_async import AsyncPager, AsyncWebWork, Pager, WebWork

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import unasync  # noqa: E402


def test_generated_code_matches_the_generator() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "unasync.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_generated_files_say_so() -> None:
    for path in (ROOT / "webwork_async" / "_sync").glob("*.py"):
        assert path.read_text().startswith("# This file is generated from webwork_async/_async/")


def _public_methods(cls: type) -> dict[str, object]:
    # The misuse guards (webwork_async/_misuse.py) differ by design: each side refuses the
    # other side's protocol with its own message (tests/test_misuse.py).
    return {
        name: member
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if (
            not name.startswith("_")
            or name in ("__aenter__", "__aexit__", "__aiter__", "__enter__", "__exit__", "__iter__")
        )
        and member.__module__ != "webwork_async._misuse"
    }


def _resource_pairs() -> list[tuple[type, type]]:
    pairs: list[tuple[type, type]] = [(AsyncWebWork, WebWork), (AsyncPager, Pager)]
    for name, annotation in AsyncWebWork.__annotations__.items():
        async_cls = getattr(sys.modules[AsyncWebWork.__module__], annotation)
        sync_cls = getattr(sys.modules[WebWork.__module__], WebWork.__annotations__[name])
        pairs.append((async_cls, sync_cls))
    return pairs


def _unasync(text: object) -> object:
    """What the generator makes of an async name, annotation (a string: annotations are
    postponed) or docstring."""
    if not isinstance(text, str):
        return text
    return unasync.unasync_text(text, set())


@pytest.mark.parametrize(("async_cls", "sync_cls"), _resource_pairs(), ids=lambda c: c.__name__)
def test_every_public_method_is_mirrored(async_cls: type, sync_cls: type) -> None:
    async_methods = _public_methods(async_cls)
    sync_methods = _public_methods(sync_cls)
    expected_names = {_unasync(name) for name in async_methods}
    assert set(sync_methods) == expected_names
    assert async_methods, f"{async_cls.__name__} has no public method"
    for name, async_method in async_methods.items():
        sync_method = sync_methods[_unasync(name)]
        assert not inspect.iscoroutinefunction(sync_method)
        async_sig = inspect.signature(async_method)
        sync_sig = inspect.signature(sync_method)
        assert list(sync_sig.parameters) == list(async_sig.parameters), name
        for param_name, async_param in async_sig.parameters.items():
            sync_param = sync_sig.parameters[param_name]
            assert sync_param.kind == async_param.kind, (name, param_name)
            assert sync_param.default == async_param.default, (name, param_name)
            assert sync_param.annotation == _unasync(async_param.annotation), (
                name,
                param_name,
            )
        assert sync_sig.return_annotation == _unasync(async_sig.return_annotation)
        assert inspect.getdoc(sync_method) == _unasync(inspect.getdoc(async_method)), name
        if not name.startswith("__"):
            assert sync_method.__doc__, f"{sync_cls.__name__}.{name} has no docstring"


def test_resources_hang_off_both_clients() -> None:
    assert set(AsyncWebWork.__annotations__) == set(WebWork.__annotations__)
    assert {"tasks", "projects", "time_tracking"} <= set(WebWork.__annotations__)


def test_public_names_are_exported_and_documented() -> None:
    for name in webwork_async.__all__:
        obj = getattr(webwork_async, name)
        if inspect.isclass(obj):
            assert obj.__doc__, name
