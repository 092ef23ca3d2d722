"""The two full-text engines behind `parvis.search.engine.search`, one per database.

Each answers `count(query, filters)` and `page(query, filters, offset=, limit=)` with the same
meaning; the structures they read are created by migration `search.0002_full_text`.

Ordering is the same on both: relevance, then the most recent date, then the newest document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL

from parvis.search.models import SearchDocument
from parvis.search.query import ParsedQuery, prefix_tsqueries, to_fts5, to_websearch

# Around the words found; removed from every document by indexing (see parvis.search.engine).
MARK_START, MARK_END = "\x02", "\x03"
EXCERPT_WORDS = 30
# Relative weight of the title against the text in SQLite's bm25 (PostgreSQL: weights A and B).
SQLITE_TITLE_WEIGHT = 10.0

# Django loads the results' documents without what they never show.
_NOT_SHOWN = ("text", "space__description", "space__boundary", "space__cover")


@dataclass(frozen=True)
class Filters:
    now: datetime
    kinds: tuple[str, ...] = ()
    space_id: int | None = None


@dataclass(frozen=True)
class Hit:
    document: SearchDocument
    #: Title and excerpt as the engine gave them: raw text with MARK_START/MARK_END around
    #: the words found (escaped by the caller).
    title_marked: str
    excerpt_marked: str


class Engine(Protocol):
    def count(self, query: ParsedQuery, filters: Filters) -> int: ...

    def page(
        self, query: ParsedQuery, filters: Filters, *, offset: int, limit: int
    ) -> list[Hit]: ...


def for_vendor(vendor: str) -> Engine:
    if vendor == "postgresql":
        return PostgreSQLEngine()
    if vendor == "sqlite":
        return SQLiteEngine()
    raise NotImplementedError(f"No search engine for the {vendor} database.")


def _documents(ids: list[int]) -> dict[int, SearchDocument]:
    documents = SearchDocument.objects.filter(pk__in=ids).select_related("space").defer(*_NOT_SHOWN)
    return {document.pk: document for document in documents}


class PostgreSQLEngine:
    """Full-text search with the `parvis_french` configuration (unaccent, then French stems).

    The query goes through `websearch_to_tsquery` (phrases and exclusions), and prefix words
    through `to_tsquery` with `:*`; ranking is `ts_rank` over the stored vector where the title
    weighs A and the text B; excerpts come from `ts_headline`.
    """

    config = "parvis_french"

    def _tsquery(self, query: ParsedQuery) -> Any:
        combined = None
        websearch = to_websearch(query)
        if websearch:
            combined = SearchQuery(websearch, config=self.config, search_type="websearch")
        for prefix in prefix_tsqueries(query):
            raw = SearchQuery(prefix, config=self.config, search_type="raw")
            combined = raw if combined is None else combined & raw
        return combined

    def _matches(self, tsquery: Any, filters: Filters) -> QuerySet:
        documents = SearchDocument.objects.filter(
            Q(visible_from__isnull=True) | Q(visible_from__lte=filters.now),
            Q(visible_until__isnull=True) | Q(visible_until__gt=filters.now),
            is_public=True,
        )
        if filters.kinds:
            documents = documents.filter(kind__in=filters.kinds)
        if filters.space_id is not None:
            documents = documents.filter(space_id=filters.space_id)
        # The generated column is not a model field (see SearchDocument): named here only.
        vector = RawSQL(
            '"search_searchdocument"."search_vector"', [], output_field=SearchVectorField()
        )
        return documents.alias(vector=vector).filter(vector=tsquery)

    def count(self, query: ParsedQuery, filters: Filters) -> int:
        return self._matches(self._tsquery(query), filters).count()

    def page(self, query: ParsedQuery, filters: Filters, *, offset: int, limit: int) -> list[Hit]:
        tsquery = self._tsquery(query)
        ids = list(
            self._matches(tsquery, filters)
            .annotate(rank=SearchRank(F("vector"), tsquery))
            .order_by("-rank", F("date").desc(nulls_last=True), "-pk")
            .values_list("pk", flat=True)[offset : offset + limit]
        )
        if not ids:
            return []
        # Headlines are computed for this page only: ts_headline reads the whole text again.
        documents = (
            SearchDocument.objects.filter(pk__in=ids)
            .select_related("space")
            .defer(*_NOT_SHOWN)
            .annotate(
                title_marked=SearchHeadline(
                    "title",
                    tsquery,
                    config=self.config,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    highlight_all=True,
                ),
                excerpt_marked=SearchHeadline(
                    "text",
                    tsquery,
                    config=self.config,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=EXCERPT_WORDS,
                    min_words=EXCERPT_WORDS // 2,
                    max_fragments=2,
                    fragment_delimiter='" … "',
                ),
            )
        )
        by_id = {document.pk: document for document in documents}
        return [
            Hit(
                document=by_id[pk],
                title_marked=by_id[pk].title_marked,
                excerpt_marked=by_id[pk].excerpt_marked,
            )
            for pk in ids
            if pk in by_id
        ]


class SQLiteEngine:
    """FTS5 over `search_fts` (tokenizer unicode61 without diacritics).

    Words are searched as light French stems with a prefix (see `parvis.search.query`),
    ranking is `bm25` with the title weighing SQLITE_TITLE_WEIGHT times the text, and excerpts
    come from `highlight()` and `snippet()`.
    """

    _from = (
        " FROM search_fts JOIN search_searchdocument AS d ON d.id = search_fts.rowid"
        " WHERE search_fts MATCH %s AND d.is_public"
        " AND (d.visible_from IS NULL OR d.visible_from <= %s)"
        " AND (d.visible_until IS NULL OR d.visible_until > %s)"
    )

    def _where(self, query: ParsedQuery, filters: Filters) -> tuple[str, list[Any]]:
        now = connection.ops.adapt_datetimefield_value(filters.now)
        sql = self._from
        params: list[Any] = [to_fts5(query), now, now]
        if filters.kinds:
            sql += " AND d.kind IN (" + ", ".join(["%s"] * len(filters.kinds)) + ")"
            params += list(filters.kinds)
        if filters.space_id is not None:
            sql += " AND d.space_id = %s"
            params.append(filters.space_id)
        return sql, params

    def count(self, query: ParsedQuery, filters: Filters) -> int:
        sql, params = self._where(query, filters)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*)" + sql, params)
            return cursor.fetchone()[0]

    def page(self, query: ParsedQuery, filters: Filters, *, offset: int, limit: int) -> list[Hit]:
        sql, params = self._where(query, filters)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.id"
                + sql
                + " ORDER BY bm25(search_fts, %s, 1.0), d.date DESC, d.id DESC LIMIT %s OFFSET %s",
                [*params, SQLITE_TITLE_WEIGHT, limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                return []
            # Excerpts for this page only, read from the index with the same MATCH; the page's
            # ids travel as one JSON parameter.
            cursor.execute(
                "SELECT rowid, highlight(search_fts, 0, %s, %s),"
                " snippet(search_fts, 1, %s, %s, '…', %s) FROM search_fts"
                " WHERE search_fts MATCH %s AND rowid IN (SELECT value FROM json_each(%s))",
                [
                    *(MARK_START, MARK_END, MARK_START, MARK_END, EXCERPT_WORDS),
                    to_fts5(query),
                    json.dumps(ids),
                ],
            )
            marked = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
        documents = _documents(ids)
        return [
            Hit(
                document=documents[pk],
                title_marked=marked.get(pk, ("", ""))[0],
                excerpt_marked=marked.get(pk, ("", ""))[1],
            )
            for pk in ids
            if pk in documents
        ]
