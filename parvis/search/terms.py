"""Words as the index keeps them: case and accents folded, then the French Snowball stem.

PostgreSQL does this inside the database (configuration `parvis_french`: `unaccent`, then
`french_stem`, which is Snowball's French stemmer). SQLite's FTS5 has no French stemmer, so
the same two steps run here, in Python, with the `snowballstemmer` package (the same
algorithm): at index time through the SQL function `parvis_terms` that the FTS5 triggers call
(registered on every SQLite connection by `parvis.search.apps`), and at query time in
`parvis.search.query`. Both engines therefore agree on which words are the same word:
"écoles" and "ecole" are both `ecol`; "travaux" is `traval` and "travail" `travail`, so
neither finds the other.

Only the French stemmer is loaded, when the first word is stemmed: importing the package
`snowballstemmer` loads its 35 languages (about 3 MB in every worker). Each thread has its own
stemmer (one keeps the word it works on in itself).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import threading
import types
import unicodedata
from functools import cache, lru_cache
from typing import Any

# Letters and digits of any script; "_" and punctuation separate words, as in both engines.
WORD = re.compile(r"[^\W_]+")
# What NFKD leaves whole but PostgreSQL's `unaccent` rules spell out.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o"})

#: How many words `term` remembers: a search's words, and those of the documents this process
#: indexes (on SQLite). Bounded so that a worker does not keep every word it ever read.
TERM_CACHE_SIZE = 16_384
_PACKAGE = "parvis_snowball_french"
_local = threading.local()


@cache
def _french_stemmer_class() -> Any:
    """`snowballstemmer.french_stemmer.FrenchStemmer`, without the package's `__init__`.

    The package's folder is given to a package of another name, so that its `french_stemmer`
    and what it imports (`basestemmer`, `among`, by relative imports) are all it loads; the
    package `snowballstemmer` itself stays unimported for anything else that wants it."""
    spec = importlib.util.find_spec("snowballstemmer")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("snowballstemmer is not installed (requirements/base.txt).")
    package = types.ModuleType(_PACKAGE)
    package.__path__ = list(spec.submodule_search_locations)
    sys.modules.setdefault(_PACKAGE, package)
    return importlib.import_module(f"{_PACKAGE}.french_stemmer").FrenchStemmer


def _stem(word: str) -> str:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = _french_stemmer_class()()
    return stemmer.stemWord(word)


def fold(text: str) -> str:
    """Lower case, accents and ligatures removed: "Cœur d'École" → "coeur d'ecole"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=TERM_CACHE_SIZE)
def term(word: str) -> str:
    """The index's form of one word (folded, then stemmed): "Écoles" → "ecol"."""
    folded = fold(word)
    return _stem(folded) if folded.isalpha() else folded


def terms_of(text: str) -> list[str]:
    """The index's form of every word of `text`, in order."""
    return [term(word) for word in WORD.findall(text)]


def terms(text: str | None) -> str:
    """`text` as FTS5 indexes it: its terms separated by spaces (`parvis_terms` in SQL).

    Never raises: it runs inside the triggers of every write to the index.
    """
    return " ".join(terms_of(text or ""))
