"""What a person types becomes a safe query for each engine, with the same meaning."""

from __future__ import annotations

import pytest

from parvis.search.query import (
    MAX_ITEMS,
    Item,
    parse,
    prefix_tsqueries,
    to_fts5,
    to_websearch,
)
from parvis.search.terms import term, terms


def test_words_phrases_exclusions_and_prefixes_are_read():
    query = parse('Piscine "bus scolaire" -travaux -"rue barrée" biblio*')

    assert query.items == (
        Item(("piscine",)),
        Item(("bus", "scolaire"), phrase=True),
        Item(("travaux",), excluded=True),
        Item(("rue", "barrée"), excluded=True, phrase=True),
        Item(("biblio",), prefix=True),
    )
    assert to_fts5(query) == (
        '((("piscin" AND "bus scolair" AND "biblio"*) NOT "traval") NOT "ru barre")'
    )
    assert to_websearch(query) == '"piscine" "bus scolaire" -"travaux" -"rue barrée"'
    assert prefix_tsqueries(query) == ["biblio:*"]


@pytest.mark.parametrize(
    "typed", ["« bus scolaire »", "«bus scolaire»", "“bus scolaire”", "„bus scolaire“"]
)
def test_french_and_typographic_quotes_make_a_phrase_too(typed):
    assert parse(f"{typed} -« rue barrée »").items == (
        Item(("bus", "scolaire"), phrase=True),
        Item(("rue", "barrée"), excluded=True, phrase=True),
    )


def test_words_joined_by_punctuation_are_a_phrase_and_elisions_go():
    assert parse("saint-jean").items == (Item(("saint", "jean"), phrase=True),)
    assert parse("l'école d’été").items == (Item(("école",)), Item(("été",)))


def test_common_and_one_letter_words_are_dropped_outside_phrases():
    assert parse("la mairie de a b").items == (Item(("mairie",)),)
    assert parse('"ligne a du tram"').items == (Item(("ligne", "a", "du", "tram"), phrase=True),)


@pytest.mark.parametrize(
    "text",
    ["", "   ", '"', '""', "*", "-", "--", "le la de du", "-travaux", '-"rue barrée"', "\x00"],
)
def test_nothing_to_look_for_gives_an_empty_query(text):
    assert not parse(text)


@pytest.mark.parametrize(
    ("text", "fts5"),
    [
        ("AND", '("and")'),
        ("NEAR(", '("near")'),
        ("title:lavoir", '("titl lavoir")'),
        ("a OR b^c", '("or")'),
        ('lavoir"', '("lavoir")'),
        ('"lavoir', '("lavoir")'),
        ("{lavoir} + (quartier)", '("lavoir" AND "quarti")'),
        ("'; DROP TABLE x; --", '("drop" AND "tabl")'),
    ],
)
def test_engine_syntax_is_never_passed_through(text, fts5):
    assert to_fts5(parse(text)) == fts5


def test_or_is_a_word_for_postgresql_too():
    assert to_websearch(parse("pain or beurre")) == '"pain" "or" "beurre"'


def test_repeated_items_count_once_and_only_the_first_few_are_kept():
    assert parse("lavoir Lavoir LAVOIR").items == (Item(("lavoir",)),)
    words = [f"mot{n}" for n in range(20)]
    assert [item.words[0] for item in parse(" ".join(words)).items] == words[:MAX_ITEMS]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        # Accents and case folded first, then Snowball's French stem, as PostgreSQL's
        # `parvis_french` does (unaccent, then french_stem).
        ("école", "ecol"),
        ("écoles", "ecol"),
        ("ECOLE", "ecol"),
        ("marchés", "march"),
        ("chevaux", "cheval"),
        ("cheval", "cheval"),
        # Snowball keeps these two apart: "travaux" does not find "travail".
        ("travaux", "traval"),
        ("travail", "travail"),
        ("habitants", "habit"),
        ("rue", "ru"),
        ("Noël", "noel"),
        ("cœur", "coeur"),
        ("piscine", "piscin"),
        # Words with digits are kept as they are (PostgreSQL's `numword`).
        ("T1", "t1"),
    ],
)
def test_the_french_terms_of_a_word(word, stem):
    assert term(word) == stem


def test_the_terms_of_a_text_as_the_index_keeps_them():
    assert terms("Les écoles : l'Été, 12 rues !") == "le ecol l ete 12 ru"
    assert terms(None) == terms("") == ""
