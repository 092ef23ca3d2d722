"""The two full-text engines behind `parvis.search.engine.search`, one per database.

Each answers two questions with the same meaning; the structures they read are created by
migrations `search.0002_full_text`, `search.0003_ranking` and `search.0004_phrase_pairs`:
- `candidates(query, filters, limit=)`: at most `limit` matching documents, taken in
  `priority` order (the type's weight, then the day: `parvis.search.indexing.priority`),
  each with the engine's own relevance (higher is better). The work is bounded by `limit`:
  the engine stops reading matches once it has them, however many documents match.
- `marks(query, ids)`: for a page of results, the title and an excerpt of the text with
  MARK_START/MARK_END around the words found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any, Protocol

from django.db import connection, transaction

from parvis.search.models import SearchDocument
from parvis.search.query import (
    STOP_WORDS,
    ParsedQuery,
    prefix_tsqueries,
    to_fts5,
    to_websearch,
)
from parvis.search.terms import WORD, term

# Around the words found; removed from every document by indexing (see parvis.search.engine).
MARK_START, MARK_END = "\x02", "\x03"
EXCERPT_WORDS = 30
# Relative weight of the title against the text: SQLite's bm25 column weights, PostgreSQL's
# ts_rank_cd weights of A (title) and B (text).
TITLE_WEIGHT, TEXT_WEIGHT = 1.0, 0.1
# PostgreSQL: the highest-priority documents checked one by one before the GIN index is used.
HEAD = 5_000
# SQLite: the text read to find where the words are, for the excerpt (PostgreSQL reads it all).
EXCERPT_SCAN = 20_000
# PostgreSQL: ANALYZE's statistics of a tsvector column of the index (the commonest words).
STATS = (
    "SELECT most_common_elems::text::text[] AS e, most_common_elem_freqs AS f FROM pg_stats"
    " WHERE schemaname = current_schema() AND tablename = 'search_searchdocument'"
    " AND attname = '%s'"
)
# _SAFE: the SQL below is built from constants of this module only (column names, the
# configuration's name, placeholders); everything a person typed goes as a parameter.


@dataclass(frozen=True)
class Filters:
    now: datetime
    kinds: tuple[str, ...] = ()
    space_id: int | None = None


@dataclass(frozen=True)
class Candidate:
    id: int
    kind: str
    title: str
    date: datetime | None
    space_id: int | None
    #: The engine's own relevance of the document to the query: higher is better; only
    #: comparable with the other candidates of the same search.
    relevance: float


class Engine(Protocol):
    def candidates(
        self, query: ParsedQuery, filters: Filters, *, limit: int
    ) -> list[Candidate]: ...

    def marks(self, query: ParsedQuery, ids: list[int]) -> dict[int, tuple[str, str]]: ...


def for_vendor(vendor: str) -> Engine:
    if vendor == "postgresql":
        return PostgreSQLEngine()
    if vendor == "sqlite":
        return SQLiteEngine()
    raise NotImplementedError(f"No search engine for the {vendor} database.")


def _filters_sql(filters: Filters, alias: str) -> tuple[str, list[Any]]:
    now = connection.ops.adapt_datetimefield_value(filters.now)
    sql = (
        f" AND {alias}.is_public"
        f" AND ({alias}.visible_from IS NULL OR {alias}.visible_from <= %s)"
        f" AND ({alias}.visible_until IS NULL OR {alias}.visible_until > %s)"
    )
    params: list[Any] = [now, now]
    if filters.kinds:
        sql += f" AND {alias}.kind IN (" + ", ".join(["%s"] * len(filters.kinds)) + ")"
        params += list(filters.kinds)
    if filters.space_id is not None:
        sql += f" AND {alias}.space_id = %s"
        params.append(filters.space_id)
    return sql, params


class PostgreSQLEngine:
    """Full-text search with the `parvis_french` configuration (unaccent, then French stems).

    The query goes through `websearch_to_tsquery` (phrases and exclusions), prefix words
    through `to_tsquery` with `:*`. Candidates: see `candidates`; only they are ranked, with
    `ts_rank_cd` (title weight A, text B). Excerpts come from `ts_headline`.
    """

    config = "parvis_french"

    def _tsquery(self, query: ParsedQuery) -> tuple[str, list[str]]:
        parts, params = [], []
        websearch = to_websearch(query)
        if websearch:
            parts.append(f"websearch_to_tsquery('{self.config}'::regconfig, %s)")
            params.append(websearch)
        for prefix in prefix_tsqueries(query):
            parts.append(f"to_tsquery('{self.config}'::regconfig, %s)")
            params.append(prefix)
        return "(" + " && ".join(parts) + ")", params

    def candidates(self, query: ParsedQuery, filters: Filters, *, limit: int) -> list[Candidate]:
        """The first `limit` matches in priority order, in one statement, two ways:
        - *head*: the HEAD highest-priority documents (of the type, with a one-type filter),
          read in priority order from the `priority` index (or `kind, priority`), each
          checked against the query and the filters until `limit` match: a word found in
          most documents is answered after reading about `limit` rows, and at most HEAD are
          read whatever the query;
        - *rest*: when the head holds fewer than `limit` matches, the next ones from the GIN
          index (a phrase's through the index of adjacent words first: see migration
          `search.0004_phrase_pairs`), sorted by priority. The head's matches are the first
          ones in priority order (every other document comes after the head), so the rest
          skips as many. PostgreSQL does not run this part when the head was enough (its
          LIMIT is then 0).
        Only these are ranked, with `ts_rank_cd`.
        """
        tsquery, tsparams = self._tsquery(query)
        # With one type, the head is that type's: read from the `kind, priority` index.
        head_kind, head_params = (
            ("p.kind = %s", [filters.kinds[0]]) if len(filters.kinds) == 1 else ("TRUE", [])
        )
        where_h, params_h = _filters_sql(filters, "h")
        where, params = _filters_sql(filters, "d")
        phrases = [" ".join(item.words) for item in query.included if item.phrase]
        pairs = "".join(" AND d.search_pairs @@ parvis_phrase_pairs(%s)" for _ in phrases)
        share, share_params = self._share(query)
        weights = f"'{{0, 0, {TEXT_WEIGHT}, {TITLE_WEIGHT}}}'::float4[]"
        sql = (
            "WITH stats AS ("  # noqa: S608 (see _SAFE)
            f" SELECT w.e, w.f, p.e AS pe, p.f AS pf FROM ({STATS % 'search_vector'}) AS w"
            f" LEFT JOIN ({STATS % 'search_pairs'}) AS p ON TRUE),"
            " head AS MATERIALIZED ("
            " SELECT h.id, h.priority FROM ("
            "  SELECT p.id, p.priority, p.search_vector, p.kind, p.space_id, p.is_public,"
            "  p.visible_from, p.visible_until FROM search_searchdocument AS p"
            f"  WHERE {head_kind} ORDER BY p.priority DESC, p.id DESC"
            f"  LIMIT CASE WHEN coalesce((SELECT {share} FROM stats), 1) * %s >= %s"
            "   THEN %s ELSE 0 END) AS h"
            f" WHERE h.search_vector @@ {tsquery}{where_h} LIMIT %s),"
            " rest AS ("
            " SELECT d.id, d.priority FROM search_searchdocument AS d"
            f" WHERE d.search_vector @@ {tsquery}{pairs}{where}"
            " ORDER BY d.priority + 0 DESC, d.id DESC"
            " OFFSET (SELECT count(*) FROM head) LIMIT %s - (SELECT count(*) FROM head))"
            " SELECT d.id, d.kind, d.title, d.date, d.space_id,"
            f" ts_rank_cd({weights}, d.search_vector, {tsquery})"
            # (The LIMIT tells the planner how few rows come: one index look-up each.)
            " FROM (SELECT * FROM head UNION ALL SELECT * FROM rest LIMIT %s) AS c"
            " JOIN search_searchdocument AS d ON d.id = c.id"
            " ORDER BY c.priority DESC, c.id DESC"
        )
        # PostgreSQL's planner counts checking a vector as cheap, and would rather read every
        # row (seq scan) than a few thousand through the GIN index: told not to, for this
        # statement only (the transaction, or the savepoint inside the caller's, is rolled
        # back: nothing was written, and the setting goes with it).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                sql,
                [
                    *head_params,
                    *share_params,
                    HEAD,
                    limit,
                    HEAD,
                    *tsparams,
                    *params_h,
                    limit,
                    *tsparams,
                    *phrases,
                    *params,
                    limit,
                    *tsparams,
                    limit,
                ],
            )
            rows = cursor.fetchall()
            transaction.set_rollback(True)
        return [
            Candidate(id, kind, title, date, space_id, relevance=float(relevance))
            for id, kind, title, date, space_id, relevance in rows
        ]

    def _share(self, query: ParsedQuery) -> tuple[str, list[str]]:
        """SQL of at most the share of documents the query matches, from the statistics
        ANALYZE keeps of the vectors' words (`stats.e`, `stats.f`: the commonest words and
        their shares; a word not listed is rarer than all of them; `stats.pe`, `stats.pf`:
        the same for pairs of adjacent words): a word matches at most its share of the
        documents, a phrase its rarest pair's, a prefix as many as all the listed words it
        starts, the query as many as its rarest item. With no statistics (never analysed)
        it is NULL. Only decides whether the head is worth reading (see `candidates`)."""
        bounds, params = [], []
        for item in query.included:
            if item.prefix:
                bounds.append(
                    "(SELECT coalesce(sum(f[i]), 0) FROM generate_subscripts(e, 1) AS i"
                    " WHERE starts_with(e[i], %s))"
                )
                params.append(term(item.words[0]))
            elif item.phrase and (pairs := _pairs(item.words)):
                for pair in pairs:
                    bounds.append("coalesce(pf[array_position(pe, %s)], 0)")
                    params.append(pair)
            else:
                for word in item.words:
                    bounds.append("coalesce(f[array_position(e, %s)], 0)")
                    params.append(term(word))
        return "LEAST(" + ", ".join(bounds) + ")", params

    def marks(self, query: ParsedQuery, ids: list[int]) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        tsquery, tsparams = self._tsquery(query)
        options = (
            f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={EXCERPT_WORDS},"
            f' MinWords={EXCERPT_WORDS // 2}, MaxFragments=2, FragmentDelimiter=" … "'
        )
        # ts_headline reads the whole text again: for this page only.
        sql = (
            "SELECT d.id,"  # noqa: S608 (see _SAFE)
            f" ts_headline('{self.config}'::regconfig, d.title, {tsquery}, %s),"
            f" ts_headline('{self.config}'::regconfig, d.text, {tsquery}, %s)"
            " FROM search_searchdocument AS d WHERE d.id = ANY(%s)"
        )
        title_options = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*tsparams, title_options, *tsparams, options, ids])
            return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


class SQLiteEngine:
    """FTS5 over `search_fts`, which holds each document's terms (folded, French stems: see
    `parvis.search.terms`) under the rowid `(2³⁰ - 1 - priority) << 32 | id`.

    FTS5 reads the matches in rowid order, that is by descending priority, so the LIMIT stops
    it early whatever the number of matches; relevance is `bm25` with the title weighing
    TITLE_WEIGHT / TEXT_WEIGHT times the text, for the candidates only. The table keeps no
    text: titles and excerpts are marked here, in Python, with the same terms.
    """

    def candidates(self, query: ParsedQuery, filters: Filters, *, limit: int) -> list[Candidate]:
        # Type and space are tokens of the `meta` column: FTS5 filters on them itself.
        where, params = _filters_sql(Filters(now=filters.now), "d")
        sql = (
            "SELECT d.id, d.kind, d.title, d.date, d.space_id, bm25(search_fts, %s, %s, 0)"  # noqa: S608 (see _SAFE)
            " FROM search_fts JOIN search_searchdocument AS d"
            " ON d.id = (search_fts.rowid & 4294967295)"
            f" WHERE search_fts MATCH %s{where}"
            " ORDER BY search_fts.rowid LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [TITLE_WEIGHT, TEXT_WEIGHT, self._match(query, filters), *params, limit]
            )
            rows = cursor.fetchall()
        as_date = connection.ops.convert_datetimefield_value  # type: ignore[attr-defined]
        # bm25 is negative, lower is better.
        return [
            Candidate(
                row[0],
                row[1],
                row[2],
                as_date(row[3], None, connection) if row[3] else None,
                row[4],
                relevance=-float(row[5]),
            )
            for row in rows
        ]

    def _match(self, query: ParsedQuery, filters: Filters) -> str:
        """The words in the title and text columns only; the filters on `meta` (migration
        `search.0003_ranking` writes its tokens: "kspacexpage s12")."""
        match = "{title text} : " + to_fts5(query)
        if filters.kinds:
            kinds = " OR ".join(_fts5_token("k" + kind.replace("_", "x")) for kind in filters.kinds)
            match += f" AND meta : ({kinds})"
        if filters.space_id is not None:
            match += f' AND meta : "s{int(filters.space_id)}"'
        return match

    def marks(self, query: ParsedQuery, ids: list[int]) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        found = Highlighter(query)
        rows = SearchDocument.objects.filter(pk__in=ids).values_list("pk", "title", "text")
        return {pk: (found.title(title), found.excerpt(text)) for pk, title, text in rows}


class Highlighter:
    """Marks the words of a text whose terms are those of the query's included items."""

    def __init__(self, query: ParsedQuery) -> None:
        self.terms = {term(w) for item in query.included if not item.prefix for w in item.words}
        self.prefixes = tuple(term(item.words[0]) for item in query.included if item.prefix)

    def _found(self, word: str) -> bool:
        stem = term(word)
        return stem in self.terms or (bool(self.prefixes) and stem.startswith(self.prefixes))

    def title(self, text: str) -> str:
        return self._mark(text, [_shift(match, 0) for match in WORD.finditer(text)])

    def excerpt(self, text: str) -> str:
        """About EXCERPT_WORDS words around the first word found (the start if none is)."""
        words = []
        first = None
        for match in WORD.finditer(text, 0, EXCERPT_SCAN):
            words.append(match)
            if first is None and self._found(match.group()):
                first = len(words) - 1
            if first is not None and len(words) >= first + EXCERPT_WORDS:
                break
            if first is None and len(words) > EXCERPT_WORDS * 20:
                words = words[-EXCERPT_WORDS:]  # keep only what a window may need
        if first is None:
            words = list(WORD.finditer(text, 0, EXCERPT_SCAN))[:EXCERPT_WORDS]
            first = 0
        start = max(0, first - EXCERPT_WORDS // 4)
        window = words[start : start + EXCERPT_WORDS]
        if not window:
            return ""
        begin, end = window[0].start(), window[-1].end()
        # Keep the punctuation that closes the last word's sentence.
        while end < len(text) and end < window[-1].end() + 2 and text[end] in ".!?»)":
            end += 1
        marked = self._mark(text[begin:end], [_shift(m, begin) for m in window])
        return ("…" if begin > 0 else "") + marked + ("…" if end < len(text.rstrip()) else "")

    def _mark(self, text: str, matches: list[Any]) -> str:
        parts, last = [], 0
        for start, end, word in matches:
            if self._found(word):
                parts += [text[last:start], MARK_START, word, MARK_END]
                last = end
        parts.append(text[last:])
        return "".join(parts)


def _pairs(words: tuple[str, ...]) -> list[str]:
    """The pairs of adjacent words of a phrase as `parvis_pairs` writes them (`ecol~public`),
    leaving out those with a common word (PostgreSQL drops them): close enough to estimate
    how rare a phrase is."""
    return [
        f"{term(a)}~{term(b)}"
        for a, b in pairwise(words)
        if a not in STOP_WORDS and b not in STOP_WORDS
    ]


def _shift(match: Any, offset: int) -> tuple[int, int, str]:
    return match.start() - offset, match.end() - offset, match.group()


def _fts5_token(text: str) -> str:
    """`text` as one quoted FTS5 string (its quotes doubled): never syntax."""
    return '"' + text.replace('"', '""') + '"'
