"""Every public method of every resource, fed arbitrary arguments (hypothesis).

Whatever the arguments, a call either works, is refused by the server with a WebWorkError,
or raises InvalidRequestError naming one of its own parameters without sending anything. It
never raises TypeError, ValueError, KeyError, AttributeError or anything else untyped.
"""

from __future__ import annotations

import inspect
import re
from datetime import date
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import BASE_URL, NOT_COVERED, reference_endpoints
from webwork_async import InvalidRequestError, Pager, WebWork, WebWorkError
from webwork_async.testing import FakeWebWork

fake = FakeWebWork(seed=21)
seed = fake.seed_workspace(projects=1, tasks_per_project=15, members=4, days=3)
http = httpx.Client(transport=fake.transport())
client = WebWork(fake.token, workspace_id=1, base_url=BASE_URL, http_client=http, max_retries=0)

# A couple of ids of every kind the fake seeds (``SeedInfo``'s ``*_ids``), so that calls
# also reach records that exist.
known_ids = [
    known
    for name in sorted(dir(seed))
    if name.endswith("_ids")
    for known in getattr(seed, name)[:2]
]
assert len(known_ids) >= 10, known_ids
values = st.one_of(
    st.sampled_from(known_ids),
    st.none(),
    st.booleans(),
    st.integers(-3, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
    st.sampled_from(
        ["", "asc", "pending", "09:30", "25:99", "2024-01-15", "https://example.com/h", "a@b.co"]
    ),
    st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 1, 1)),
    st.times().map(lambda t: t.replace(microsecond=0)),
    st.lists(
        st.one_of(st.sampled_from(known_ids), st.integers(-2, 5), st.text(max_size=3)), max_size=3
    ),
)
pairs = st.lists(
    st.one_of(st.tuples(st.sampled_from(seed.task_ids), st.sampled_from(seed.member_ids)), values),
    max_size=4,
)


def public_methods() -> list[tuple[str, str]]:
    found = []
    for resource in WebWork.__annotations__:
        for name, _ in inspect.getmembers(type(getattr(client, resource)), inspect.isfunction):
            if not name.startswith("_"):
                found.append((resource, name))
    return found


@pytest.mark.parametrize(("resource", "method"), public_methods())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_arguments_work_or_fail_typed(resource: str, method: str, data: st.DataObject) -> None:
    call = getattr(getattr(client, resource), method)
    parameters = inspect.signature(call).parameters
    arguments: dict[str, Any] = {}
    for name, parameter in parameters.items():
        if name in ("on_progress", "on_item", "concurrency", "raise_on_error", "workspace_id"):
            continue  # behaviour knobs, covered by their own tests
        required = parameter.default is inspect.Parameter.empty
        if required or data.draw(st.booleans(), label=f"give {name}"):
            strategy = pairs if name == "pairs" else values
            arguments[name] = data.draw(strategy, label=name)
    before = fake.stats.requests
    refused: InvalidRequestError | None = None
    try:
        result = call(**arguments)
        if isinstance(result, Pager):
            result.to_list()
    except InvalidRequestError as error:
        refused = error
    except WebWorkError:
        pass  # valid, refused by the server (unknown id, wrong state): a typed answer
    finally:
        for user in seed.member_ids:
            if fake.tracker(user):
                client.time_tracking.stop(user)
    if refused is not None:
        named = re.split(r"[.\[]", refused.field)[0]
        assert named in (*parameters, "update"), (method, refused)
        assert fake.stats.requests == before, f"{resource}.{method} sent an invalid request"


def test_every_documented_operation_is_exercised() -> None:
    documented = reference_endpoints()
    if not documented:
        pytest.skip("the API reference lives beside the repo")
    assert len(public_methods()) >= len(documented) - len(NOT_COVERED)
