from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .._base import PAGE_CONCURRENCY, Page, count_items
from .._concurrency import async_gather
from .._validation import check_id

if TYPE_CHECKING:
    from ._client import AsyncWebWork

__all__ = ["AsyncPager"]

T = TypeVar("T")


class AsyncPager(Generic[T]):
    """The items of a list operation, fetched page by page as you iterate.

    ::

        async for task in client.tasks.list(project_id=100):          # every item
            ...
        tasks = await client.tasks.list(project_id=100).to_list()     # all at once
        async for page in client.tasks.list(project_id=100).pages():  # page by page
            print(page.number, page.last_page, len(page.items))

    Nothing is requested until you iterate. Page 1 tells how many pages there are; the rest
    are fetched ``concurrency`` at a time and come out in server order, so at most that many
    pages are held in memory. If a later page reports more pages than page 1 did (items were
    added meanwhile), the pager follows it to the new last page; if it reports fewer, the
    pager stops there. Without a pagination object in the response, the first page is the
    whole list. ``max_items`` stops after that many items (and fetches no page beyond them).
    """

    def __init__(
        self,
        client: AsyncWebWork,
        path: str,
        params: dict[str, Any],
        item_type: type[T],
        *,
        per_page: int,
        max_items: int | None,
        concurrency: int = PAGE_CONCURRENCY,
    ) -> None:
        self._client = client
        self._path = path
        self._params = params
        self._item_type = item_type
        self._per_page = per_page
        self._max_items = max_items
        self._concurrency = concurrency

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._path!r}, params={self._params!r})"

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iter_items()

    async def to_list(self) -> list[T]:
        """Every item (up to ``max_items``) in a list.

        Faster than iterating: as nothing is handed out before the end, pages are fetched in
        a sliding window (a page that arrives lets the next one start at once) instead of in
        groups of ``concurrency``.
        """
        wanted = self._max_items
        if wanted == 0:
            return []
        first = await self.fetch_page(1)
        pages = {1: first}
        last: int = first.last_page or 1
        fetched_up_to = 1
        while fetched_up_to < last and (wanted is None or count_items(pages) < wanted):
            numbers = range(fetched_up_to + 1, last + 1)
            if wanted is not None:
                needed = -(-(wanted - count_items(pages)) // self._per_page)
                numbers = numbers[:needed]
            batch = await async_gather(
                [self._page_call(n) for n in numbers],
                limit=self._concurrency,
            )
            pages.update((page.number, page) for page in batch)
            fetched_up_to = numbers[-1]
            # The page count may have changed meanwhile: follow the newest report.
            newest = batch[-1].last_page
            if newest is not None:
                last = max(newest, 1)
        items = [item for number in sorted(pages) if number <= last for item in pages[number].items]
        return items if wanted is None else items[:wanted]

    async def fetch_page(self, number: int) -> Page[T]:
        """One page, by its number (from 1)."""
        check_id("page", number)
        envelope = await self._client._request(
            "GET", self._path, params={**self._params, "page": number, "per_page": self._per_page}
        )
        info = envelope.page_info
        items = envelope.decode_list(self._item_type)
        if info is None:
            return Page(items=items, number=number, last_page=None, total=None)
        return Page(items=items, number=number, last_page=info.last_page, total=info.total)

    async def pages(self) -> AsyncGenerator[Page[T], None]:
        """The pages in order, each as a :class:`Page`."""
        wanted = self._max_items
        if wanted == 0:
            return
        first = await self.fetch_page(1)
        yield first
        last: int = first.last_page or 1
        seen = len(first.items)
        number = 2
        while number <= last and (wanted is None or seen < wanted):
            # Never ask for pages past what max_items can use.
            batch = self._concurrency
            if wanted is not None:
                batch = min(batch, -(-(wanted - seen) // self._per_page))
            numbers = range(number, min(last, number + batch - 1) + 1)
            fetched = await async_gather([self._page_call(n) for n in numbers])
            for page in fetched:
                yield page
                seen += len(page.items)
                if page.last_page is not None and page.last_page != last:
                    last = max(page.last_page, page.number)
                if page.number >= last:
                    break
            number = numbers[-1] + 1

    def _page_call(self, number: int) -> Callable[[], Awaitable[Page[T]]]:
        return lambda: self.fetch_page(number)

    async def _iter_items(self) -> AsyncGenerator[T, None]:
        remaining = self._max_items
        # Closed explicitly: leaving it to the garbage collector is an error on trio.
        async with aclosing(self.pages()) as pages:
            async for page in pages:
                for item in page.items:
                    if remaining is not None:
                        if remaining <= 0:
                            return
                        remaining -= 1
                    yield item
                if remaining is not None and remaining <= 0:
                    return
