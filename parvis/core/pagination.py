"""Pages of a public list, without counting the list.

Django's `Paginator` counts every row of the list (`SELECT COUNT(*)`) to number its pages:
over thousands of visible articles that count cost more than the page itself. `paginate()`
reads one row more than a page holds instead; that row tells whether a next page exists.
The pages say "Page 3", not "Page 3 of 84", and link to the previous and the next page.

`?page=N` keeps the meaning it had with Django's paginator, so that old links still work:
anything that is not a whole number from 1 up means page 1; a page past the end shows the
last page (found, on that path only, by counting at most the rows before the page asked
for). Numbers are bounded by `MAX_PAGE`: the work of a page (an OFFSET) stays bounded, and
so does the number of distinct pages a flood of made-up numbers can ask for. Items further
back than `MAX_PAGE` pages are reached by search, tags and feeds.

`page_obj.number`, `has_previous`, `has_next`, `has_other_pages`, `previous_page_number`,
`next_page_number` and `object_list` read as they do on a Django `Page`
(`templates/_pagination.html` shows them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet

T = TypeVar("T", bound=Model)

#: The last page number a list answers; a larger number shows this page.
MAX_PAGE = 1000


def page_number(value: object) -> int:
    """The page asked for (the raw `?page=` value): 1 to MAX_PAGE, 1 for anything else."""
    text = str(value) if value is not None else ""
    # Digits only (no sign, no spaces, no "²"); the length test keeps int() cheap.
    if not (text.isascii() and text.isdigit()):
        return 1
    if len(text) > len(str(MAX_PAGE)):
        return MAX_PAGE
    return min(max(int(text), 1), MAX_PAGE)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, its number, and whether a next page exists."""

    object_list: list[T]
    number: int
    has_next: bool

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def paginate(queryset: QuerySet[T], number: object, *, per_page: int) -> Page[T]:
    """Page `number` (the raw `?page=` value) of the ordered `queryset`, `per_page` items.

    One query; two more only for a page past the end (a count bounded by that page's
    offset, then the last page). `queryset` must be ordered, or pages may overlap.
    """
    asked = page_number(number)
    rows = _rows(queryset, asked, per_page)
    if not rows and asked > 1:
        # Past the end (an old link, a list that shrank): the last page, as Django answers.
        before = queryset[: (asked - 1) * per_page].count()
        asked = max(1, -(-before // per_page))
        rows = _rows(queryset, asked, per_page)
    has_next = len(rows) > per_page and asked < MAX_PAGE
    return Page(object_list=rows[:per_page], number=asked, has_next=has_next)


def _rows(queryset: QuerySet[T], number: int, per_page: int) -> list[T]:
    """The rows of page `number`, and the first row of the next page if there is one."""
    start = (number - 1) * per_page
    return list(queryset[start : start + per_page + 1])
