"""``import webwork_async`` loads the async client and nothing it does not need.

Each check runs in a fresh interpreter, since this one has long imported everything. What is
asserted is what gets imported or built, never how long it takes (that is
``benchmarks/bench_import.py``'s job).
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

import webwork_async


def _fresh(program: str) -> Any:
    """Run ``program`` in a new interpreter; what it prints (as JSON) comes back."""
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


_LOADED = """
import json, linecache, sys
{setup}
print(json.dumps({{
    "modules": sorted(sys.modules),
    "hooks": [str(tp) for tp in sys.modules["webwork_async._converter"]._hooks],
    "generated": [name for name in linecache.cache if "webwork_async structure" in name],
}}))
"""


def test_import_loads_neither_the_sync_twin_nor_the_fake_nor_the_cli_nor_cattrs() -> None:
    loaded = _fresh(_LOADED.format(setup="import webwork_async"))
    modules = set(loaded["modules"])
    assert "webwork_async._async._client" in modules  # the import did happen
    for unwanted in ("webwork_async._sync", "webwork_async.testing", "webwork_async.cli"):
        assert not {m for m in modules if m == unwanted or m.startswith(unwanted + ".")}
    # cattrs is only needed to encode, or to decode a type the generator does not know.
    assert "cattrs" not in modules
    # Nor a resource or the models it returns: each is imported when first used.
    assert not modules & {"webwork_async._async._tasks", "webwork_async.models._tasks"}
    assert not {m for m in modules if m.startswith("webwork_async._async._time")}


def test_a_resource_and_its_models_are_imported_when_first_used() -> None:
    setup = (
        "import webwork_async, sys\n"
        "client = webwork_async.AsyncWebWork('t', workspace_id=1)\n"
        "assert 'webwork_async._async._tasks' not in sys.modules\n"
        "client.tasks\n"
    )
    modules = set(_fresh(_LOADED.format(setup=setup))["modules"])
    assert {"webwork_async._async._tasks", "webwork_async.models._tasks"} <= modules
    assert "webwork_async._async._projects" not in modules


def test_names_imported_when_first_read_are_the_real_ones() -> None:
    from webwork_async import Task, models
    from webwork_async._async import _client
    from webwork_async._async._tasks import AsyncTasks
    from webwork_async.models._tasks import Task as TaskItself

    assert Task is models.Task is TaskItself
    assert _client.AsyncTasks is AsyncTasks  # what tests and tools name the class by
    assert set(models.__all__) <= set(dir(models))
    with pytest.raises(AttributeError, match="has no attribute 'Tsk'"):
        models.Tsk  # type: ignore[attr-defined]  # noqa: B018


def test_import_builds_no_structure_hook() -> None:
    loaded = _fresh(_LOADED.format(setup="import webwork_async"))
    assert loaded["hooks"] == []
    assert loaded["generated"] == []


def test_first_decode_builds_only_what_it_decodes() -> None:
    setup = (
        "from webwork_async import Task\n"
        "from webwork_async._converter import structure\n"
        "structure([{'id': 1, 'title': 't'}], list[Task])"
    )
    loaded = _fresh(_LOADED.format(setup=setup))
    assert sorted(loaded["hooks"]) == sorted(
        [
            "<class 'webwork_async.models._tasks.Task'>",
            "<class 'webwork_async.models._tasks.Assignee'>",
            "list[webwork_async.models._tasks.Task]",
        ]
    )
    assert "cattrs" not in loaded["modules"]


def test_the_sync_client_is_imported_when_first_named() -> None:
    setup = "import webwork_async\nwebwork_async.WebWork, webwork_async.Pager"
    assert "webwork_async._sync._client" in _fresh(_LOADED.format(setup=setup))["modules"]
    # And it is the real class, under every way of reaching it.
    from webwork_async import Pager, WebWork
    from webwork_async._sync._client import WebWork as SyncWebWork
    from webwork_async._sync._pagination import Pager as SyncPager

    assert WebWork is SyncWebWork and Pager is SyncPager
    assert {"WebWork", "Pager"} <= set(dir(webwork_async))
    assert set(webwork_async.__all__) <= set(dir(webwork_async))


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchThing"):
        webwork_async.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018
