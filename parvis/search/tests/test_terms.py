"""Words as the index keeps them, from the French stemmer alone, in a bounded cache."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from parvis.search.terms import TERM_CACHE_SIZE, term, terms


def test_words_are_folded_then_stemmed_in_french():
    assert terms("Les écoles du Cœur-de-Ville") == "le ecol du coeur de vill"
    assert [term("travaux"), term("travail"), term("Écoles"), term("2026")] == [
        "traval",
        "travail",
        "ecol",
        "2026",
    ]


def test_stemming_loads_the_french_stemmer_only():
    # In a fresh interpreter: what this one already imported does not count.
    script = (
        "import sys; from parvis.search.terms import term; print(term('écoles')); "
        "print(sorted(name for name in sys.modules if 'stemmer' in name))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.splitlines()

    assert out == [
        "ecol",
        "['parvis_snowball_french.basestemmer', 'parvis_snowball_french.french_stemmer']",
    ]


def test_threads_stemming_at_once_each_get_their_words_stems():
    expected = {
        "maisons": "maison",
        "jardins": "jardin",
        "chevaux": "cheval",
        "nationales": "national",
        "continuellement": "continuel",
    }
    words = list(expected) * 200
    term.cache_clear()

    def stem_all(offset: int) -> list[tuple[str, str]]:
        # Past the cache: every call runs this thread's stemmer.
        return [(word, term.__wrapped__(word)) for word in words[offset:] + words[:offset]]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [pair for chunk in pool.map(stem_all, range(4)) for pair in chunk]

    assert len(results) == 4 * len(words)
    assert sorted(set(results)) == sorted(expected.items())


def test_the_cache_of_terms_stays_bounded():
    term.cache_clear()
    for number in range(TERM_CACHE_SIZE + 500):
        term(f"mot{number}")

    assert term.cache_info().currsize == TERM_CACHE_SIZE == 16_384
