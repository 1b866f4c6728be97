from __future__ import annotations

import threading
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import aclosing
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from .._concurrency import AsyncSlots, async_give_way, async_run_workers
from .._errors import ResponseDecodeError
from .._misuse import AsyncPagerGuard
from .._response import Envelope, Page, safe_url
from .._validation import check_count, check_id

if TYPE_CHECKING:
    from ._requester import AsyncRequester

__all__ = ["AsyncPager"]

T = TypeVar("T")

# Iteration holds at most this many pages per page in flight: fetched, being fetched or
# waiting to be handed out. Each round of fetching ends by waiting for its slowest page (the
# window drains before the items are handed out); 8 makes that rare enough to stay within
# 1.1x of the latency bound when latency varies by +-50 % (4 measured 1.26x), and bounds
# memory to 8 * concurrency pages.
_PAGES_HELD_PER_SLOT = 8

# The most items a page holds (per_page is at most 100 on every endpoint).
_LARGEST_PAGE = 100


class AsyncPager(AsyncPagerGuard, Generic[T]):
    """The items of a list operation, fetched page by page as you iterate.

    ::

        async for task in client.tasks.list(project_id=100):          # every item
            ...
        tasks = await client.tasks.list(project_id=100).to_list()     # all at once
        async for page in client.tasks.list(project_id=100).pages():  # page by page
            print(page.number, page.last_page, len(page.items))

    Nothing is requested until you iterate. Page 1 tells how many pages there are; the rest
    are fetched in a sliding window of ``concurrency`` requests (a page that arrives lets the
    next one start at once) and come out in server order. Iterating holds at most
    ``8 * concurrency`` pages at a time; ``to_list()`` keeps one window going to the end.

    The pager believes only what it receives, never a count the server claims:

    * a page with no items is the last one, whatever ``last_page`` says;
    * if a later page reports more pages than page 1 did (items were added meanwhile), the
      pager follows it to the new last page; if it reports fewer, the pager stops there;
    * a server that answers a page other than the one asked for (by its ``current_page``),
      or repeats the previous page (the same ids in the same order, or the same items when
      they have no id), raises :class:`ResponseDecodeError` instead of handing out
      duplicates; items that merely shift by a few positions are not a repeat.

    Without a pagination object in the response, the first page is the whole list.
    ``max_items`` stops after that many items and fetches no page beyond them.
    ``per_page`` None sends none, for an endpoint that takes none: the server's page size
    applies.

    ``concurrency`` is the list call's ``concurrency=``, else the client's
    ``page_concurrency`` (8). The pages in flight go through the client's limiter and rate
    budget like every other request: more of them make a listing faster only while latency,
    not the budget or ``max_concurrency``, is what bounds it.
    """

    def __init__(
        self,
        api: AsyncRequester,
        path: str,
        params: dict[str, Any],
        item_type: type[T],
        *,
        per_page: int | None,
        max_items: int | None,
        concurrency: int | None = None,
    ) -> None:
        self._api = api
        self._path = path
        self._params = params
        self._item_type = item_type
        self._per_page = per_page
        self._max_items = max_items
        if concurrency is None:
            concurrency = api.page_concurrency
        self._concurrency = check_count("concurrency", concurrency, minimum=1)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._path!r}, params={self._params!r})"

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iter_items()

    async def to_list(self) -> list[T]:
        """Every item (up to ``max_items``) in a list.

        Faster than iterating: as nothing is handed out before the end, one sliding window
        of ``concurrency`` requests runs from page 2 to the last page without a pause.
        """
        if self._max_items == 0:
            return []
        window = await self._start(held=None)
        await self._refill(window)
        items = [item for page in window.ready for item in page.items]
        return items if self._max_items is None else items[: self._max_items]

    async def fetch_page(self, number: int) -> Page[T]:
        """One page, by its number (from 1)."""
        fetched = await self._fetch(number)
        fetched.check_number()
        return fetched.page

    async def pages(self) -> AsyncGenerator[Page[T], None]:
        """The pages in order, each as a :class:`Page`."""
        if self._max_items == 0:
            return
        window = await self._start(held=_PAGES_HELD_PER_SLOT * self._concurrency)
        while True:
            while window.ready:
                yield window.ready.popleft()
            # A task group cannot stay open across a yield, so each round of fetching ends
            # before its pages are handed out.
            if not await self._refill(window):
                return

    async def _fetch(self, number: int) -> _Fetched[T]:
        return self._decode(number, await self._request(number))

    async def _request(self, number: int) -> Envelope:
        check_id("page", number)
        params = {**self._params, "page": number}
        if self._per_page is not None:
            params["per_page"] = self._per_page
        return await self._api.request("GET", self._path, params=params)

    def _decode(self, number: int, envelope: Envelope) -> _Fetched[T]:
        info = envelope.page_info
        items = envelope.decode_list(self._item_type)
        if info is None:
            page = Page(items=items, number=number, last_page=None, total=None)
            return _Fetched(page, None, envelope.response)
        page = Page(items=items, number=number, last_page=info.last_page, total=info.total)
        return _Fetched(page, info.current_page, envelope.response)

    async def _start(self, *, held: int | None) -> _Window[T]:
        # An unknown page size is bounded by the largest page: never a page too many.
        per_page = _LARGEST_PAGE if self._per_page is None else self._per_page
        window: _Window[T] = _Window(per_page, self._max_items, held)
        window.arrive(await self._fetch(1))
        return window

    async def _refill(self, window: _Window[T]) -> bool:
        """Fetch pages until the window allows no more; whether any page was fetched."""
        # Twice as many workers as requests in flight: a worker decodes its page after it
        # has given its slot up, while another sends the next request in that slot. Decoding
        # a page of 100 tasks takes a few ms; the pages of one round arrive together, so
        # decoding them before sending would hold the next round back by all of that.
        workers = window.room(2 * self._concurrency)
        if workers == 0:
            return False
        slots = AsyncSlots(self._concurrency)

        async def worker(stopping: Callable[[], bool]) -> None:
            while not stopping():
                try:
                    async with slots:
                        number = window.claim()
                        if number is None:
                            return
                        envelope = await self._request(number)
                        # Before the slot is free, and before decoding: nothing beyond an
                        # empty page is claimed. The one check of emptiness (page 1 needs
                        # none: it is judged as it arrives, and an empty page ends the list).
                        window.note_empty(not envelope.data)
                    # The worker waiting for the slot sends its request first.
                    await async_give_way()
                    window.arrive(self._decode(number, envelope))
                except BaseException:
                    # The listing has failed: the other workers (threads in the sync
                    # client, which nothing cancels) claim no more pages.
                    window.abandon()
                    raise

        await async_run_workers(workers, worker)
        return True

    async def _iter_items(self) -> AsyncGenerator[T, None]:
        remaining = self._max_items
        # Closed explicitly: leaving it to the garbage collector is an error on trio.
        async with aclosing(self.pages()) as pages:
            # pages() stops at the page that completes max_items; only that one is cut.
            async for page in pages:
                for item in page.items:
                    if remaining is not None:
                        if remaining <= 0:
                            return
                        remaining -= 1
                    yield item


class _Fetched(Generic[T]):
    """A page, the page number the server said it is, and where it came from (the response
    itself is not kept: its body is as large as the page)."""

    __slots__ = ("current_page", "method", "page", "status_code", "url")

    def __init__(self, page: Page[T], current_page: int | None, response: httpx.Response) -> None:
        self.page = page
        self.current_page = current_page
        self.status_code = response.status_code
        self.method = response.request.method
        self.url = response.request.url

    def error(self, reason: str) -> ResponseDecodeError:
        return ResponseDecodeError(
            reason, status_code=self.status_code, method=self.method, url=safe_url(self.url)
        )

    def check_number(self) -> None:
        """Raise if the server said it answered another page than the one asked for."""
        if self.current_page is not None and self.current_page != self.page.number:
            raise self.error(
                f"asked for page {self.page.number}, the server answered with page "
                f"{self.current_page}"
            )


class _Window(Generic[T]):
    """Which page to fetch next, and the pages ready to hand out in server order.

    Pages may arrive in any order; each is judged in page order (the end of the list, a
    changed page count, a repeated page), once every page before it has arrived. Nothing here
    grows with a number the server claims: a page is only claimed when it can be used.
    Shared by the workers of a round (threads in the sync client, hence the lock; no await
    happens while it is held).
    """

    def __init__(self, per_page: int, max_items: int | None, held: int | None) -> None:
        self._lock = threading.Lock()
        self._per_page = per_page
        self._max_items = max_items
        self._held = held  # pages fetched or being fetched and not handed out; None: any
        self.ready: deque[Page[T]] = deque()
        self._next = 2  # the next page to claim; page 1 comes alone, to tell the page count
        self._judged = 0  # pages up to this one are judged (handed out or dropped)
        self._arrived: dict[int, _Fetched[T]] = {}
        self._last = 1  # the last page, as the newest judged page reports it
        # An empty page arrived: the list ends at or before it. Every page still unclaimed
        # lies beyond it (pages are claimed in order), so none is claimed any more.
        self._empty_seen = False
        self._items = 0  # items in the pages judged so far
        self._previous: tuple[object, ...] = ()
        self._finished = False

    def room(self, limit: int) -> int:
        """How many pages could be claimed now, up to ``limit``."""
        with self._lock:
            count = 0
            while count < limit and self._may_claim(self._next + count):
                count += 1
            return count

    def claim(self) -> int | None:
        """The number of the next page to fetch, or None when no more page is wanted now."""
        with self._lock:
            number = self._next
            if not self._may_claim(number):
                return None
            self._next += 1
            return number

    def abandon(self) -> None:
        """Claim no more pages: the listing has failed."""
        with self._lock:
            self._finished = True

    def note_empty(self, empty: bool) -> None:
        """Whether a page that has arrived, not yet decoded, has no items; ``arrive`` does
        not ask again."""
        if empty:
            with self._lock:
                self._empty_seen = True

    def arrive(self, fetched: _Fetched[T]) -> None:
        """Take a fetched page; judge every page that is now next in order."""
        number = fetched.page.number
        with self._lock:
            self._arrived[number] = fetched
            while (entry := self._arrived.pop(self._judged + 1, None)) is not None:
                self._judged += 1
                if not self._finished:
                    self._judge(entry)

    def _may_claim(self, number: int) -> bool:
        if self._finished or self._empty_seen or number > self._last:
            return False
        # Pages claimed but not yet judged count as full: no page beyond what max_items
        # can use is fetched, and a short page lets the next one be claimed when judged.
        pending = number - 1 - self._judged
        if (
            self._max_items is not None
            and self._items + pending * self._per_page >= self._max_items
        ):
            return False
        return self._held is None or len(self.ready) + pending < self._held

    def _judge(self, fetched: _Fetched[T]) -> None:
        # Judged in page order, so that the first page that lies is the one reported.
        fetched.check_number()
        page = fetched.page
        if page.items:
            identity = tuple(_identity(item) for item in page.items)
            if identity == self._previous:
                raise fetched.error(
                    f"page {page.number} repeats page {page.number - 1} (the same "
                    f"{len(identity)} items): the server ignored the page asked for"
                )
            self._previous = identity
        self.ready.append(page)
        self._items += len(page.items)
        if page.last_page is not None:
            self._last = page.last_page  # the newest report wins
        # Enough items for max_items needs no flag: _may_claim then claims no more.
        self._finished = not page.items or page.number >= self._last


def _identity(item: object) -> object:
    """What tells an item from another: its id when it has one, else the item itself."""
    key = getattr(item, "id", None)
    return item if key is None else key
