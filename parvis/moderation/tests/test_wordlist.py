"""The word list matches whole words, whatever the case and the accents."""

from __future__ import annotations

import pytest

from parvis.moderation.wordlist import matches, plain

WORDS = ["élu pourri", "con", "arnaque", "f*ck", "aujourd'hui"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Quel ELU   POURRI !", ["elu pourri"]),
        ("Un élu\npourri", ["elu pourri"]),
        ("Un élu honnête", []),
        ("Pauvre con.", ["con"]),
        ("Le contenu du conseil, déconcertant", []),
        ("C'est une Arnaque; une arnaque !", ["arnaque"]),
        ("arnaques en série", []),
        ("What the F*CK", ["f*ck"]),
        ("Aujourd’hui, arnaque.", ["aujourd'hui", "arnaque"]),
        ("", []),
    ],
)
def test_expressions_are_found_as_whole_words_ignoring_case_and_accents(text, found):
    assert matches(text, WORDS) == found


def test_an_empty_list_matches_nothing():
    assert matches("n'importe quoi", []) == []
    assert matches("n'importe quoi", ["   "]) == []


def test_plain_form_drops_accents_case_and_extra_spaces():
    assert plain("  Œuvre  ÉCOLE\tà  l’Île ") == "œuvre ecole a l'ile"
