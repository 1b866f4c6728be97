# This file is generated from webwork_async/_async/_pagination.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

from collections.abc import Generator, Iterator, Callable
from contextlib import closing
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .._base import PAGE_CONCURRENCY, Page, count_items
from .._concurrency import gather
from .._validation import check_id

if TYPE_CHECKING:
    from ._client import WebWork

__all__ = ["Pager"]

T = TypeVar("T")


class Pager(Generic[T]):
    """The items of a list operation, fetched page by page as you iterate.

    ::

        for task in client.tasks.list(project_id=100):          # every item
            ...
        tasks = client.tasks.list(project_id=100).to_list()     # all at once
        for page in client.tasks.list(project_id=100).pages():  # page by page
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
        client: WebWork,
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

    def __iter__(self) -> Iterator[T]:
        return self._iter_items()

    def to_list(self) -> list[T]:
        """Every item (up to ``max_items``) in a list.

        Faster than iterating: as nothing is handed out before the end, pages are fetched in
        a sliding window (a page that arrives lets the next one start at once) instead of in
        groups of ``concurrency``.
        """
        wanted = self._max_items
        if wanted == 0:
            return []
        first = self.fetch_page(1)
        pages = {1: first}
        last: int = first.last_page or 1
        fetched_up_to = 1
        while fetched_up_to < last and (wanted is None or count_items(pages) < wanted):
            numbers = range(fetched_up_to + 1, last + 1)
            if wanted is not None:
                needed = -(-(wanted - count_items(pages)) // self._per_page)
                numbers = numbers[:needed]
            batch = gather(
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

    def fetch_page(self, number: int) -> Page[T]:
        """One page, by its number (from 1)."""
        check_id("page", number)
        envelope = self._client._request(
            "GET", self._path, params={**self._params, "page": number, "per_page": self._per_page}
        )
        info = envelope.page_info
        items = envelope.decode_list(self._item_type)
        if info is None:
            return Page(items=items, number=number, last_page=None, total=None)
        return Page(items=items, number=number, last_page=info.last_page, total=info.total)

    def pages(self) -> Generator[Page[T], None, None]:
        """The pages in order, each as a :class:`Page`."""
        wanted = self._max_items
        if wanted == 0:
            return
        first = self.fetch_page(1)
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
            fetched = gather([self._page_call(n) for n in numbers])
            for page in fetched:
                yield page
                seen += len(page.items)
                if page.last_page is not None and page.last_page != last:
                    last = max(page.last_page, page.number)
                if page.number >= last:
                    break
            number = numbers[-1] + 1

    def _page_call(self, number: int) -> Callable[[], Page[T]]:
        return lambda: self.fetch_page(number)

    def _iter_items(self) -> Generator[T, None, None]:
        remaining = self._max_items
        # Closed explicitly: leaving it to the garbage collector is an error on trio.
        with closing(self.pages()) as pages:
            for page in pages:
                for item in page.items:
                    if remaining is not None:
                        if remaining <= 0:
                            return
                        remaining -= 1
                    yield item
                if remaining is not None and remaining <= 0:
                    return
