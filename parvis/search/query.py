"""What a person typed, read once and turned into each engine's query language.

The syntax is the one search engines taught everyone, and the same on both engines:
    words            every word must be found (accents and case do not matter)
    "a phrase"       these words, next to each other, in this order (« » and “ ” quote too)
    -word -"phrase"  without this word or phrase
    biblio*          words starting with "biblio"
Anything else is text: operators of the engines (AND, OR, NEAR, parentheses, column filters)
are never passed through, so no query can fail. A query needs at least one word that is not
excluded; short words (one letter) and the most common French words ("le", "de", "pour"…) are
dropped outside phrases, as PostgreSQL's French configuration does.

Both engines stem alike (see `parvis.search.terms`): PostgreSQL's French configuration folds
accents and stems documents and queries with Snowball; for SQLite's FTS5 the same is done in
Python, on the documents by the index's triggers and on the query here ("écoles" → `"ecol"`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parvis.search.terms import WORD as _WORD
from parvis.search.terms import term

MAX_ITEMS = 8
MAX_PHRASE_WORDS = 8

# French quotes and typographic ones are read as the plain quote: « bus scolaire » is a phrase.
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "\x00": " "})
# A quoted phrase (the closing quote may be missing), or a run of anything but spaces and quotes.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')

# Dropped outside phrases: they are in nearly every French text and PostgreSQL ignores them
# (they are in its French stop list), so both engines answer alike.
STOP_WORDS = frozenset(
    [
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "je",
        "la",
        "le",
        "leur",
        "lui",
        "ma",
        "mais",
        "me",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "est",
        "sont",
        "ont",
    ]
)


@dataclass(frozen=True)
class Item:
    #: One word, or the words of a phrase (next to each other, in order).
    words: tuple[str, ...]
    excluded: bool = False
    #: Words starting with the (single) word, as the person asked with a trailing "*".
    prefix: bool = False
    phrase: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    items: tuple[Item, ...]

    @property
    def included(self) -> list[Item]:
        return [item for item in self.items if not item.excluded]

    @property
    def excluded(self) -> list[Item]:
        return [item for item in self.items if item.excluded]

    def __bool__(self) -> bool:
        """A query can be run when at least one item must be found."""
        return bool(self.included)


def parse(text: str) -> ParsedQuery:
    items: list[Item] = []
    seen: set[Item] = set()
    for match in _TOKEN.finditer(text.translate(_QUOTES)):
        phrase_minus, phrase, word_minus, bare = match.groups()
        if phrase is not None:
            words = tuple(w.lower() for w in _WORD.findall(phrase))[:MAX_PHRASE_WORDS]
            item = _phrase_or_word(words, excluded=bool(phrase_minus), prefix=False)
        else:
            prefix = bare.endswith("*")
            words = tuple(
                w.lower() for w in _WORD.findall(bare) if len(w) > 1 and w.lower() not in STOP_WORDS
            )[:MAX_PHRASE_WORDS]
            item = _phrase_or_word(words, excluded=bool(word_minus), prefix=prefix)
        if item is not None and item not in seen:
            seen.add(item)
            items.append(item)
        if len(items) == MAX_ITEMS:
            break
    return ParsedQuery(tuple(items))


def _phrase_or_word(words: tuple[str, ...], *, excluded: bool, prefix: bool) -> Item | None:
    if not words:
        return None
    if len(words) == 1:
        return Item(words, excluded=excluded, prefix=prefix)
    # "saint-jean" or "l'école" typed without quotes: its words, next to each other.
    return Item(words, excluded=excluded, phrase=True)


def to_websearch(query: ParsedQuery, *, include_prefixes: bool = False) -> str:
    """PostgreSQL's `websearch_to_tsquery` input: every item quoted, so that "or" is a word.

    Prefix items are left out (websearch has no prefix syntax): see `prefix_tsqueries`.
    """
    parts = []
    for item in query.items:
        if item.prefix and not item.excluded:
            continue
        parts.append(("-" if item.excluded else "") + '"' + " ".join(item.words) + '"')
    return " ".join(parts)


def prefix_tsqueries(query: ParsedQuery) -> list[str]:
    """`to_tsquery` inputs for the prefix items, e.g. `biblio:*` (words are letters and digits
    only, so nothing in them is tsquery syntax)."""
    return [f"{item.words[0]}:*" for item in query.included if item.prefix]


def to_fts5(query: ParsedQuery) -> str:
    """An FTS5 MATCH expression: every term quoted, so nothing typed is FTS5 syntax."""
    included = " AND ".join(_fts5_term(item) for item in query.included)
    expression = f"({included})"
    for item in query.excluded:
        expression = f"({expression} NOT {_fts5_term(item)})"
    return expression


def _fts5_term(item: Item) -> str:
    """Quoted terms as the index holds them (folded and stemmed): nothing typed is syntax."""
    stems = " ".join(term(word) for word in item.words)
    return f'"{stems}"*' if item.prefix else f'"{stems}"'
