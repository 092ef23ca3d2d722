"""The one search interface: `search(query, kinds=, space=, page=)` over the index.

Two engines behind it, chosen by the database in use (`parvis.search.backends`):
PostgreSQL full-text search with the `parvis_french` configuration, or SQLite FTS5 over the
same French terms. Both read `SearchDocument`, which `parvis.search.indexing` keeps, and both
only return public documents inside their publication window, checked now (a scheduled item
appears at its time without being indexed again).

Ranking, the same on both engines:
1. the engine takes at most CANDIDATES matches, in `priority` order (the type's weight,
   then the most recent day), with its own relevance (title words weigh ten times the
   text's) — the work is bounded whatever the number of matches, which is shown as
   "more than 1,000" beyond;
2. each candidate is scored here: how many of the query's words are in its title, its
   relevance against the best candidate's, its type's `weight`, and for dated types
   (`freshness`) a decay with its age;
3. near-duplicates are folded: results of the same dated type and space whose titles start
   with the same words (digits, days and months aside) show as one, "N similar results".
Words found are marked with `<mark>` in the title and in an excerpt of the text, the rest of
which is escaped. A page of results costs a fixed number of queries (three) whatever the
index holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
from parvis.search.models import SearchDocument
from parvis.search.query import STOP_WORDS, ParsedQuery, parse
from parvis.search.registry import searchable_type
from parvis.search.terms import term, terms_of

PER_PAGE = 20
#: The most matches ranked for one search; beyond, the page says "more than" this number.
CANDIDATES = 1_000
#: Similar results listed under the one shown for them.
SIMILAR_SHOWN = 5
#: Titles starting with the same words (after these are dropped) are near-duplicates.
FOLD_WORDS = 5
_NOT_FOLDED = frozenset(
    term(w)
    for w in (
        *STOP_WORDS,
        *("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "prochain"),
        *("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août"),
        *("septembre", "octobre", "novembre", "décembre"),
    )
)
#: A dated result never counts for less than this share of a fresh one.
FRESHNESS_FLOOR = 0.25
# What makes a candidate's score: its title holding the query's words, the engine's
# relevance (0 to 1 against the best candidate), and a share for merely matching.
TITLE_SHARE, RELEVANCE_SHARE, MATCH_SHARE = 2.0, 1.0, 0.25

# The engines surround highlighted words with control characters, which indexing removes from
# every document, so that the whole excerpt can be escaped before they become <mark> tags.
MARK_START, MARK_END = backends.MARK_START, backends.MARK_END
_MARKERS = re.compile(f"({MARK_START}|{MARK_END})")


@dataclass(frozen=True)
class Similar:
    """A near-duplicate of a result, listed under it."""

    title: str
    url: str
    date: datetime | None
    language: str


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
    #: Near-duplicates folded into this result (the first SIMILAR_SHOWN of them).
    similar: list[Similar] = field(default_factory=list)
    #: How many near-duplicates were folded into it (all of them).
    similar_count: int = 0


@dataclass(frozen=True)
class ResultPage:
    results: list[Result]
    #: The documents found (at most CANDIDATES: see `more`).
    total: int
    number: int
    per_page: int = PER_PAGE
    #: More than `total` documents match: only the best `total` are ranked and shown.
    more: bool = False
    #: Results once near-duplicates are folded: what the pages count.
    shown: int = 0

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.shown // self.per_page))

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
    """One page of the public documents matching `query`, best first (see the module).

    `kinds` keeps only these registered types (None or empty: all); `space` keeps only what is
    filed under that space. A page past the last shows the last one; a query with nothing to
    look for (empty, only excluded or common words) finds nothing without touching the database.
    Publication windows are checked, and freshness measured, at `at` (now by default).
    """
    parsed = parse(query) if isinstance(query, str) else query
    if not parsed:
        return ResultPage(results=[], total=0, number=1, per_page=per_page)
    now = at or timezone.now()
    filters = backends.Filters(
        now=now,
        kinds=tuple(kinds or ()),
        space_id=space.pk if isinstance(space, Model) else space,
    )
    engine = backends.for_vendor(connection.vendor)
    candidates = engine.candidates(parsed, filters, limit=CANDIDATES + 1)
    more = len(candidates) > CANDIDATES
    candidates = candidates[:CANDIDATES]
    title_terms = {c.id: terms_of(c.title) for c in candidates}
    groups = fold(rank(candidates, parsed, now, title_terms), title_terms)
    last_page = max(1, -(-len(groups) // per_page))
    number = min(max(1, page), last_page)
    shown = groups[(number - 1) * per_page : number * per_page]
    leaders = [group[0].id for group in shown]
    others = [c.id for group in shown for c in group[1 : 1 + SIMILAR_SHOWN]]
    documents = {
        d.pk: d
        for d in SearchDocument.objects.filter(pk__in=leaders + others)
        .select_related("space")
        .defer(*_NOT_SHOWN)
    }
    marks = engine.marks(parsed, leaders)
    results = [
        _result(documents[group[0].id], marks.get(group[0].id, ("", "")), group, documents)
        for group in shown
        if group[0].id in documents
    ]
    return ResultPage(
        results=results,
        total=len(candidates),
        number=number,
        per_page=per_page,
        more=more,
        shown=len(groups),
    )


# Django loads the results' documents without what they never show.
_NOT_SHOWN = ("text", "space__description", "space__boundary", "space__cover")


def rank(
    candidates: list[backends.Candidate],
    query: ParsedQuery,
    now: datetime,
    title_terms: dict[int, list[str]],
) -> list[backends.Candidate]:
    """The candidates best first: title words, relevance, the type's weight, freshness; then
    the most recent, then the newest document. `title_terms`: each candidate's title terms."""
    kinds = {c.kind: searchable_type(c.kind) for c in candidates}
    best = max((c.relevance for c in candidates), default=0.0) or 1.0
    items = [
        (
            [term(w) for w in item.words] if not item.prefix else [],
            term(item.words[0]) if item.prefix else "",
        )
        for item in query.included
    ]

    def in_title(title_terms: set[str]) -> float:
        found = 0
        for words, prefix in items:
            if prefix:
                found += any(t.startswith(prefix) for t in title_terms)
            else:
                found += all(w in title_terms for w in words)
        return found / len(items)

    def score(candidate: backends.Candidate) -> float:
        kind = kinds[candidate.kind]
        weight = kind.weight if kind else 1.0
        if kind and kind.freshness and candidate.date:
            age = max(0.0, (now - candidate.date) / kind.freshness)
            weight *= FRESHNESS_FLOOR + (1 - FRESHNESS_FLOOR) * 0.5**age
        title = in_title(set(title_terms[candidate.id]))
        relevance = max(0.0, candidate.relevance) / best
        return weight * (TITLE_SHARE * title + RELEVANCE_SHARE * relevance + MATCH_SHARE)

    scored = [(score(c), c.date.timestamp() if c.date else 0.0, c.id, c) for c in candidates]
    scored.sort(key=lambda row: row[:3], reverse=True)
    return [row[3] for row in scored]


def fold_key(candidate: backends.Candidate, title_terms: list[str]) -> tuple[Any, ...]:
    """What near-duplicates share: a dated type (news, notices: a space or a reference page
    is never folded), the space, and the first FOLD_WORDS words of the title (`title_terms`)
    that are not digits, days, months or common words."""
    kind = searchable_type(candidate.kind)
    if kind is None or kind.freshness is None:
        return (candidate.id,)
    words = [t for t in title_terms if len(t) > 1 and t.isalpha() and t not in _NOT_FOLDED]
    return (candidate.kind, candidate.space_id, tuple(words[:FOLD_WORDS]))


def fold(
    ranked: list[backends.Candidate], title_terms: dict[int, list[str]]
) -> list[list[backends.Candidate]]:
    """Ranked candidates grouped with their near-duplicates, each group where its best is."""
    groups: dict[tuple[Any, ...], list[backends.Candidate]] = {}
    for candidate in ranked:
        groups.setdefault(fold_key(candidate, title_terms[candidate.id]), []).append(candidate)
    return list(groups.values())


def _result(
    document: SearchDocument,
    marks: tuple[str, str],
    group: list[backends.Candidate],
    documents: dict[int, SearchDocument],
) -> Result:
    kind = searchable_type(document.kind)
    similar = [documents[c.id] for c in group[1 : 1 + SIMILAR_SHOWN] if c.id in documents]
    return Result(
        kind=document.kind,
        kind_label=kind.label if kind else document.kind,
        title=document.title,
        title_html=marked(marks[0] or document.title),
        url=_localised(document.url),
        excerpt=marked(marks[1]),
        space=document.space,
        date=document.date,
        language=document.language,
        similar=[
            Similar(title=d.title, url=_localised(d.url), date=d.date, language=d.language)
            for d in similar
        ],
        similar_count=len(group) - 1,
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
