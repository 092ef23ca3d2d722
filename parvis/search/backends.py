"""The two full-text engines behind `parvis.search.engine.search`, one per database.

Each answers two questions with the same meaning; the structures they read are created by
migrations `search.0002_full_text`, `search.0003_ranking`, `search.0004_phrase_pairs` and
`search.0005_vector_inline`:
- `candidates(query, filters, limit=)`: at most `limit` matching documents, taken in
  `priority` order (the type's weight, then the day: `parvis.search.indexing.priority`),
  each with the engine's own relevance (higher is better). The work is bounded by `limit`:
  the engine stops reading matches once it has them, however many documents match.
- `marks(query, ids)`: for a page of results, the title and an excerpt of the text with
  MARK_START/MARK_END around the words found.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any, Protocol

from django.db import connection, transaction

from parvis.search.indexing import priority, priority_tier
from parvis.search.models import SearchDocument
from parvis.search.query import (
    STOP_WORDS,
    ParsedQuery,
    prefix_tsqueries,
    to_fts5,
    to_websearch,
)
from parvis.search.registry import searchable_type
from parvis.search.terms import WORD, term

# Around the words found; removed from every document by indexing (see parvis.search.engine).
MARK_START, MARK_END = "\x02", "\x03"
EXCERPT_WORDS = 30
# Relative weight of the title against the text: SQLite's bm25 column weights, PostgreSQL's
# ts_rank_cd weights of A (title) and B (text).
TITLE_WEIGHT, TEXT_WEIGHT = 1.0, 0.1
# PostgreSQL: the band of highest-priority documents read first is chosen to hold this many
# times the matches needed, by the statistics' estimate (see `PostgreSQLEngine.candidates`).
BAND_MARGIN = 2.0
# SQLite: the text read to find where the words are, for the excerpt (PostgreSQL reads it all).
EXCERPT_SCAN = 20_000
# PostgreSQL: what ANALYZE keeps of the columns the band is chosen by (`_Statistics`).
STATS = (
    "SELECT s.attname, s.most_common_elems::text::text[], s.most_common_elem_freqs,"
    " s.histogram_bounds::text::text[], s.most_common_vals::text::text[],"
    " s.most_common_freqs, s.null_frac, c.reltuples"
    " FROM pg_stats AS s JOIN pg_class AS c ON c.oid = 'search_searchdocument'::regclass"
    " WHERE s.schemaname = current_schema() AND s.tablename = 'search_searchdocument'"
    " AND s.attname = ANY(%s)"
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
        """The first `limit` matches in priority order. GIN finds the matches in no order,
        and each one read from the table to be sorted costs a few microseconds; so, when
        ANALYZE's statistics say many documents match (`_band`):
        - the *band* first: the matches among the highest-priority documents, down to a
          priority chosen to hold about BAND_MARGIN times `limit` matches. The bound is a constant
          of the statement, so the planner sees how many rows it covers and picks the way:
          walking the `priority` index (or `kind, priority`) and checking each document
          against the query until `limit` match (words found in most documents), or the GIN
          index's matches ANDed with the band's rows from the `priority` index (words found
          in a few percent): either way about BAND_MARGIN times `limit` rows are read, not
          every match;
        - the *rest*, below the band, only when the band holds fewer than `limit` matches
          (the estimate was too high): PostgreSQL does not start this branch otherwise.
        With no band (rare words, a space without statistics, no statistics), every match
        from the GIN index, sorted: they are few. A phrase's matches go through the index of
        adjacent words first (migration `search.0004_phrase_pairs`). Everything in the band
        comes before everything below it, so the answer is the same whichever way is taken.
        Only these candidates are ranked, with `ts_rank_cd`.
        """
        tsquery, tsparams = self._tsquery(query)
        where, params = _filters_sql(filters, "d")
        phrases = [" ".join(item.words) for item in query.included if item.phrase]
        pairs = "".join(" AND d.search_pairs @@ parvis_phrase_pairs(%s)" for _ in phrases)
        match = f"d.search_vector @@ {tsquery}{pairs}{where}"
        match_params = [*tsparams, *phrases, *params]
        weights = f"'{{0, 0, {TEXT_WEIGHT}, {TITLE_WEIGHT}}}'::float4[]"
        # Below the band (or with none), `priority + 0`: the GIN index's matches sorted,
        # never the `priority` index walked for a few matches among every document.
        rest = (
            f"SELECT d.id, d.priority FROM search_searchdocument AS d WHERE {match}BOUND"  # noqa: S608 (see _SAFE)
            " ORDER BY d.priority + 0 DESC, d.id DESC LIMIT %s"
        )
        # PostgreSQL's planner counts checking a vector as cheap, and would rather read every
        # row (seq scan) than a few thousand through the GIN index: told not to, for this
        # statement only (the transaction, or the savepoint inside the caller's, is rolled
        # back: nothing was written, and the setting goes with it).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            band = self._band(cursor, query, filters, limit)
            if band is None:
                candidates = "SELECT * FROM (" + rest.replace("BOUND", "") + ") AS r"  # noqa: S608 (see _SAFE)
                candidates_params = [*match_params, limit]
            else:
                candidates = (
                    f"(SELECT d.id, d.priority FROM search_searchdocument AS d WHERE {match}"  # noqa: S608 (see _SAFE)
                    " AND d.priority >= %s ORDER BY d.priority DESC, d.id DESC LIMIT %s)"
                    " UNION ALL (" + rest.replace("BOUND", " AND d.priority < %s") + ")"
                )
                candidates_params = [*match_params, band, limit, *match_params, band, limit]
            cursor.execute(
                # The day as seconds: read a thousand times faster than a timestamp's text.
                "SELECT d.id, d.kind, d.title, extract(epoch FROM d.date)::float8, d.space_id,"  # noqa: S608 (see _SAFE)
                f" ts_rank_cd({weights}, d.search_vector, {tsquery})"
                # (The LIMIT tells the planner how few rows come: one index look-up each.)
                f" FROM ({candidates} LIMIT %s) AS c"
                " JOIN search_searchdocument AS d ON d.id = c.id"
                " ORDER BY c.priority DESC, c.id DESC",
                [*tsparams, *candidates_params, limit],
            )
            rows = cursor.fetchall()
            transaction.set_rollback(True)
        return [
            Candidate(
                id,
                kind,
                title,
                datetime.fromtimestamp(seconds, UTC) if seconds is not None else None,
                space_id,
                relevance=float(relevance),
            )
            for id, kind, title, seconds, space_id, relevance in rows
        ]

    def _band(self, cursor: Any, query: ParsedQuery, filters: Filters, limit: int) -> int | None:
        """The lowest priority of the band that `candidates` reads first, or None for none:
        the highest-priority documents (of the filter's types, in its space) that should
        hold BAND_MARGIN times `limit` matches, by ANALYZE's statistics (`_Statistics`). None
        when that would be half the documents or more (the band would save little), or
        without statistics. Only chooses the way: the candidates are the same without."""
        columns = ["search_vector", "priority"]
        if any(item.phrase for item in query.included):
            columns.append("search_pairs")
        if filters.space_id is not None:
            columns.append("space_id")
        cursor.execute(STATS, [columns])
        stats = _Statistics(cursor.fetchall())
        share = stats.share(query)
        if not share or not stats.priorities:
            return None
        if filters.space_id is not None:
            space = stats.values.get(str(filters.space_id))
            if space is None:  # rarer than every space listed: few documents
                return None
            share *= space
        tiers = {
            priority_tier(priority(t, None)) for k in filters.kinds if (t := searchable_type(k))
        }
        needed = BAND_MARGIN * limit / (share * stats.rows)
        held = 0.0
        for value, fraction in stats.priorities:
            if tiers and priority_tier(value) not in tiers:
                continue
            held += fraction
            if held >= needed:
                return value if held < 0.5 else None
        return None

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


class _Statistics:
    """What ANALYZE keeps (`pg_stats`) of the columns `PostgreSQLEngine._band` reads, as
    shares of the `rows` documents:
    - `words`: the commonest lexemes of `search_vector` (`most_common_elems`), each with the
      share of documents holding it; a lexeme not listed is rarer than `word_floor`;
    - `pairs`, `pair_floor`: the same for `search_pairs` (phrases);
    - `priorities`: (priority, share), highest first: each common value with its share, each
      histogram bucket's share at its lower bound (the documents at or above a value hold at
      least the shares listed down to it);
    - `values`: the commonest spaces (`space_id`, as text) and their shares.
    """

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = 0.0
        self.words: dict[str, float] = {}
        self.word_floor = 0.0
        self.pairs: dict[str, float] = {}
        self.pair_floor = 0.0
        self.priorities: list[tuple[int, float]] = []
        self.values: dict[str, float] = {}
        for column, elements, element_shares, bounds, values, shares, nulls, rows_ in rows:
            self.rows = float(rows_)
            if column in ("search_vector", "search_pairs") and elements and element_shares:
                # The shares end with the lowest and the highest of them.
                listed = dict(zip(elements, element_shares, strict=False))
                floor = min(listed.values())
                if column == "search_vector":
                    self.words, self.word_floor = listed, floor
                else:
                    self.pairs, self.pair_floor = listed, floor
            elif column == "priority":
                points = [(int(v), s) for v, s in zip(values or [], shares or [], strict=True)]
                if bounds and len(bounds) > 1:
                    bucket = (1 - nulls - sum(shares or [])) / (len(bounds) - 1)
                    points += [(int(bound), bucket) for bound in bounds[:-1]]
                self.priorities = sorted(points, reverse=True)
            elif column == "space_id":
                self.values = dict(zip(values or [], shares or [], strict=True))

    def share(self, query: ParsedQuery) -> float | None:
        """An estimate of the share of documents matching `query`, its items taken as
        independent (words that go together make it low: the band is then larger than
        needed, never too small for that reason); None without statistics."""
        if not self.words or self.rows <= 0:
            return None
        share = 1.0
        for item in query.included:
            if item.prefix:
                start = term(item.words[0])
                found = [s for word, s in self.words.items() if word.startswith(start)]
                share *= 1 - math.prod(1 - s for s in found) if found else self.word_floor
            elif item.phrase and self.pairs and (pairs := _pairs(item.words)):
                share *= math.prod(self.pairs.get(pair, self.pair_floor) for pair in pairs)
            else:
                words = [term(w) for w in item.words if w not in STOP_WORDS]
                share *= math.prod(self.words.get(word, self.word_floor) for word in words)
        for item in query.excluded:
            if not item.prefix and not item.phrase:
                share *= 1 - self.words.get(term(item.words[0]), 0.0)
        return share


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
