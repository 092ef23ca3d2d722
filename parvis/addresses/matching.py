"""How addresses are matched: the words a street is found by, and how a typed query reads.

Both sides fold the same way (`parvis.search.terms.fold`: lower case, no accents, no
ligatures), so "Éclusiers" is found by "eclu" and "ÉCLUSIERS" alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parvis.search.terms import fold

#: Words as the index keeps them: runs of letters and digits.
_WORD = re.compile(r"[^\W_]+")
#: A word longer than this is cut (the column's size); no French street word comes close.
WORD_LENGTH = 40
#: Suffixes written after a house number ("indice de répétition").
SUFFIXES = ("bis", "ter", "quater", "quinquies")
#: A query begins with a house number, its suffix glued ("12b", "12bis") or apart ("12 bis").
_NUMBER = re.compile(
    r"^\s*(?P<number>\d{1,5})(?:\s*(?P<suffix>bis|ter|quater|quinquies)\b|(?P<letter>[a-z])\b)?"
)
#: At most this many words of a query are looked up (the rest are ignored).
MAX_WORDS = 8


def fold_name(text: str) -> str:
    """A street name as its key: folded, words separated by one space."""
    return " ".join(words_of(text))


def words_of(text: str) -> list[str]:
    """The folded words of `text`, in order: "Rue de l'Église" → ["rue", "de", "l", "eglise"]."""
    return [word[:WORD_LENGTH] for word in _WORD.findall(fold(text))]


def street_words(*, name: str, town_name: str, postcode: str) -> set[str]:
    """What a street is found by: the words of its name and its town, and its postcode."""
    return {*words_of(name), *words_of(town_name), *words_of(postcode)}


@dataclass(frozen=True)
class Query:
    number: int | None
    suffix: str
    #: Words that must be found whole, and the last word, found by its beginning.
    words: tuple[str, ...]
    prefix: str

    @property
    def is_empty(self) -> bool:
        return not self.prefix


def parse_query(text: str) -> Query:
    """Read what someone typed: "12 bis rue de la ga" → number 12, suffix "bis", words
    ("rue", "de", "la"), prefix "ga"."""
    folded = fold(text)
    number, suffix = None, ""
    found = _NUMBER.match(folded)
    if found:
        number = int(found["number"])
        suffix = found["suffix"] or found["letter"] or ""
        folded = folded[found.end() :]
    words = [word[:WORD_LENGTH] for word in _WORD.findall(folded)][:MAX_WORDS]
    if not words:
        return Query(number=number, suffix=suffix, words=(), prefix="")
    return Query(number=number, suffix=suffix, words=tuple(words[:-1]), prefix=words[-1])


def prefix_end(prefix: str) -> str:
    """The first string after every string beginning with `prefix` ("ga" → "gb"): the
    upper bound of a range query on an index, which both databases use (unlike LIKE)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
