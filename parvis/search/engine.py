"""The one search interface: `search(query, kinds=, space=, page=)` over the index.

Two engines behind it, chosen by the database in use (`parvis.search.backends`):
PostgreSQL full-text search with the `parvis_french` configuration, or SQLite FTS5. Both read
`SearchDocument`, which `parvis.search.indexing` keeps, and both:
- only return public documents inside their publication window, checked now (a scheduled
  item appears at its time without being indexed again);
- rank title matches above text matches;
- mark the words found with `<mark>` in the title and in an excerpt of the text, the rest of
  which is escaped.
A page of results costs a fixed number of queries (three or four) whatever the index holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from parvis.search import backends
from parvis.search.query import ParsedQuery, parse
from parvis.search.registry import searchable_type

PER_PAGE = 20

# The engines surround highlighted words with control characters, which indexing removes from
# every document, so that the whole excerpt can be escaped before they become <mark> tags.
MARK_START, MARK_END = backends.MARK_START, backends.MARK_END
_MARKERS = re.compile(f"({MARK_START}|{MARK_END})")


@dataclass(frozen=True)
class Result:
    kind: str
    kind_label: Any
    title: str
    #: The title, escaped, with the words found in <mark>.
    title_html: SafeString
    url: str
    #: A part of the text around the words found, escaped, with them in <mark>.
    excerpt: SafeString
    space: Any
    date: datetime | None
    #: The language the document was written in (its title and excerpt).
    language: str


@dataclass(frozen=True)
class ResultPage:
    results: list[Result]
    total: int
    number: int
    per_page: int = PER_PAGE

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.results else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.results)


def search(
    query: str | ParsedQuery,
    *,
    kinds: list[str] | None = None,
    space: Model | int | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    at: datetime | None = None,
) -> ResultPage:
    """One page of the public documents matching `query`, best first.

    `kinds` keeps only these registered types (None or empty: all); `space` keeps only what is
    filed under that space. A page past the last shows the last one; a query with nothing to
    look for (empty, only excluded or common words) finds nothing without touching the database.
    Publication windows are checked at `at` (now by default).
    """
    parsed = parse(query) if isinstance(query, str) else query
    if not parsed:
        return ResultPage(results=[], total=0, number=1, per_page=per_page)
    filters = backends.Filters(
        now=at or timezone.now(),
        kinds=tuple(kinds or ()),
        space_id=space.pk if isinstance(space, Model) else space,
    )
    engine = backends.for_vendor(connection.vendor)
    total = engine.count(parsed, filters)
    last_page = max(1, -(-total // per_page))
    number = min(max(1, page), last_page)
    hits = engine.page(parsed, filters, offset=(number - 1) * per_page, limit=per_page)
    return ResultPage(
        results=[_result(hit) for hit in hits], total=total, number=number, per_page=per_page
    )


def _result(hit: backends.Hit) -> Result:
    document = hit.document
    kind = searchable_type(document.kind)
    return Result(
        kind=document.kind,
        kind_label=kind.label if kind else document.kind,
        title=document.title,
        title_html=marked(hit.title_marked or document.title),
        url=_localised(document.url),
        excerpt=marked(hit.excerpt_marked),
        space=document.space,
        date=document.date,
        language=document.language,
    )


def marked(text: str) -> SafeString:
    """`text` escaped, with the engines' highlight markers turned into <mark> tags."""
    parts: list[str] = []
    opened = False
    # Markers are read one by one so the HTML is well formed whatever the engine cut.
    for piece in _MARKERS.split(text):
        if piece == MARK_START:
            if not opened:
                parts.append("<mark>")
                opened = True
        elif piece == MARK_END:
            if opened:
                parts.append("</mark>")
                opened = False
        else:
            parts.append(str(escape(piece)))
    if opened:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 (all but the tags added here is escaped)


def _localised(url: str) -> str:
    """Stored addresses are in the default language; the reader gets theirs."""
    language = translation.get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return url
    # Resolved as stored (default language), reversed in the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(url, language)
