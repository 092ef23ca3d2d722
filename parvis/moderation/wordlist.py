"""Matching a text against the word list: whole words, whatever the case and the accents.

Both the text and each expression are brought to the same plain form (accents removed,
case folded, typographic apostrophes made straight), then matched on word boundaries, so
"Élu" holds "ELU" and "élu", but "con" does not hold "content" nor "déconcerté".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def plain(text: str) -> str:
    """`text` without accents, case-folded, with straight apostrophes and single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


@lru_cache(maxsize=32)
def _pattern(expressions: tuple[str, ...]) -> re.Pattern[str] | None:
    alternatives = []
    for expression in expressions:
        words = plain(expression).split()
        if words:
            alternatives.append(r"\s+".join(re.escape(word) for word in words))
    if not alternatives:
        return None
    # Longest first, so "gros mot" is reported rather than "gros" when both are listed.
    alternatives.sort(key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")


def matches(text: str, expressions: Iterable[str]) -> list[str]:
    """The listed expressions found in `text`, in their plain form, each once, in order."""
    pattern = _pattern(tuple(sorted(set(expressions))))
    if pattern is None or not text:
        return []
    found: list[str] = []
    for match in pattern.finditer(plain(text)):
        word = " ".join(match.group(0).split())
        if word not in found:
            found.append(word)
    return found
