"""Words as the index keeps them: case and accents folded, then the French Snowball stem.

PostgreSQL does this inside the database (configuration `parvis_french`: `unaccent`, then
`french_stem`, which is Snowball's French stemmer). SQLite's FTS5 has no French stemmer, so
the same two steps run here, in Python, with the `snowballstemmer` package (the same
algorithm): at index time through the SQL function `parvis_terms` that the FTS5 triggers call
(registered on every SQLite connection by `parvis.search.apps`), and at query time in
`parvis.search.query`. Both engines therefore agree on which words are the same word:
"écoles" and "ecole" are both `ecol`; "travaux" is `traval` and "travail" `travail`, so
neither finds the other.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Letters and digits of any script; "_" and punctuation separate words, as in both engines.
WORD = re.compile(r"[^\W_]+")
# What NFKD leaves whole but PostgreSQL's `unaccent` rules spell out.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o"})

_stemmer = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower case, accents and ligatures removed: "Cœur d'École" → "coeur d'ecole"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def term(word: str) -> str:
    """The index's form of one word (folded, then stemmed): "Écoles" → "ecol"."""
    folded = fold(word)
    return _stemmer.stemWord(folded) if folded.isalpha() else folded


def terms_of(text: str) -> list[str]:
    """The index's form of every word of `text`, in order."""
    return [term(word) for word in WORD.findall(text)]


def terms(text: str | None) -> str:
    """`text` as FTS5 indexes it: its terms separated by spaces (`parvis_terms` in SQL).

    Never raises: it runs inside the triggers of every write to the index.
    """
    return " ".join(terms_of(text or ""))
