"""Opening, using and closing clients: every misuse says clearly what is wrong."""

from __future__ import annotations

import gc
import ssl

import anyio
import httpx
import pytest
import respx

from support import TOKEN, ok
from webwork_async import AsyncWebWork, InvalidRequestError, WebWork
from webwork_async._async._transport import AsyncShardedTransport

TASK = {"id": 7, "title": "t"}


@pytest.mark.anyio
async def test_using_a_closed_client_is_a_clear_error(api: respx.MockRouter) -> None:
    api.get("/tasks/7").mock(return_value=ok(TASK))
    client = AsyncWebWork(TOKEN, workspace_id=1)
    await client.tasks.get(7, project_id=1)
    await client.aclose()
    await client.aclose()  # twice is fine
    with pytest.raises(RuntimeError, match="closed"):
        await client.tasks.get(7, project_id=1)


def test_the_sync_client_closes_the_same_way(api: respx.MockRouter) -> None:
    api.get("/tasks/7").mock(return_value=ok(TASK))
    with WebWork(TOKEN, workspace_id=1) as client:
        client.tasks.get(7, project_id=1)
    client.close()
    with pytest.raises(RuntimeError, match="closed"):
        client.tasks.get(7, project_id=1)


def test_a_client_in_another_event_loop_is_refused(api: respx.MockRouter) -> None:
    api.get("/tasks/7").mock(return_value=ok(TASK))
    client = AsyncWebWork(TOKEN, workspace_id=1)

    async def get() -> None:
        await client.tasks.get(7, project_id=1)

    anyio.run(get)
    with pytest.raises(RuntimeError, match="another event loop"):
        anyio.run(get)
    with pytest.raises(RuntimeError, match="another event loop"):
        anyio.run(get, backend="trio")
    anyio.run(client.aclose)


def forget_two_clients() -> None:
    AsyncWebWork(TOKEN, workspace_id=1)
    WebWork(TOKEN, workspace_id=1)
    gc.collect()


def test_forgetting_to_close_warns() -> None:
    with pytest.warns(ResourceWarning, match="never closed") as caught:
        forget_two_clients()
    assert {str(w.message).split()[0] for w in caught} == {"AsyncWebWork", "WebWork"}


def test_a_client_on_your_http_client_does_not_warn_or_close_it(recwarn: object) -> None:
    http = httpx.Client()
    client = WebWork(TOKEN, workspace_id=1, http_client=http)
    del client
    gc.collect()
    assert not http.is_closed
    http.close()


@pytest.mark.parametrize(
    "base_url",
    [
        "http://api.webwork-tracker.com/api/v2",
        "http://10.0.0.5/api/v2",
        "ftp://api.webwork-tracker.com",
        "not a url",
        "",
    ],
)
def test_base_urls_that_would_expose_the_token_are_refused(base_url: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        AsyncWebWork(TOKEN, workspace_id=1, base_url=base_url)
    assert info.value.field == "base_url"


@pytest.mark.parametrize(
    "base_url",
    ["http://localhost:8000/api/v2", "http://127.0.0.1:9/api/v2", "http://[::1]:8000/api/v2"],
)
def test_http_is_fine_on_loopback(base_url: str) -> None:
    with WebWork(TOKEN, workspace_id=1, base_url=base_url):
        pass


def test_http_elsewhere_needs_an_explicit_opt_in() -> None:
    with WebWork(TOKEN, workspace_id=1, base_url="http://proxy.internal/api/v2", allow_http=True):
        pass


def test_tls_is_verified_by_default() -> None:
    transport = AsyncShardedTransport(max_connections=8)
    for shard in transport._shards:
        context = shard._pool._ssl_context
        assert context is not None
        assert context.verify_mode is ssl.CERT_REQUIRED
        assert context.check_hostname


@pytest.mark.anyio
async def test_redirects_are_not_followed_and_say_where_they_went(api: respx.MockRouter) -> None:
    api.get("/tasks/7").mock(
        return_value=httpx.Response(302, headers={"Location": "https://evil.example/steal"})
    )
    other = respx.get("https://evil.example/steal").mock(return_value=ok(TASK))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(Exception, match=r"unexpected redirect to https://evil\.example/steal"):
            await client.tasks.get(7, project_id=1)
    assert not other.called


@pytest.mark.anyio
async def test_a_redirect_followed_by_your_client_does_not_carry_the_token(
    api: respx.MockRouter,
) -> None:
    api.get("/tasks/7").mock(
        return_value=httpx.Response(302, headers={"Location": "https://elsewhere.example/t"})
    )
    elsewhere = api.get("https://elsewhere.example/t").mock(return_value=ok(TASK))
    http = httpx.AsyncClient(follow_redirects=True)
    async with AsyncWebWork(TOKEN, workspace_id=1, http_client=http) as client:
        await client.tasks.get(7, project_id=1)
    await http.aclose()
    assert elsewhere.called
    assert "authorization" not in elsewhere.calls.last.request.headers


def test_a_transport_that_returns_read_bodies_does_not_stall_the_client() -> None:
    # httpx.MockTransport (like in-process fakes) hands back responses whose body is already
    # read, so httpx never measures their round trip; the rate bookkeeping must cope.
    transport = httpx.MockTransport(lambda request: ok(TASK))
    with (
        httpx.Client(transport=transport) as http,
        WebWork(TOKEN, workspace_id=1, http_client=http) as client,
    ):
        for _ in range(3):
            assert client.tasks.get(7, project_id=1).id == 7
