from __future__ import annotations

from parvis.addresses.matching import Query, fold_name, parse_query, prefix_end, street_words


def test_names_are_folded_to_their_words():
    assert fold_name("Rue de l’Église  Saint-Œuvre") == "rue de l eglise saint oeuvre"


def test_a_street_is_found_by_its_name_its_town_and_its_postcode():
    assert street_words(
        name="Place des Écluses", town_name="Villeneuve-du-Parvis", postcode="59999"
    ) == {"place", "des", "ecluses", "villeneuve", "du", "parvis", "59999"}


def test_a_query_reads_the_number_its_suffix_the_words_and_the_last_word_as_a_prefix():
    assert parse_query("12 rue de la ga") == Query(
        number=12, suffix="", words=("rue", "de", "la"), prefix="ga"
    )
    assert parse_query("12 BIS Rue de la Gare") == Query(
        number=12, suffix="bis", words=("rue", "de", "la"), prefix="gare"
    )
    assert parse_query("12b rue") == Query(number=12, suffix="b", words=(), prefix="rue")
    # A letter apart from the number is the beginning of a word, not a suffix.
    assert parse_query("12 b") == Query(number=12, suffix="", words=(), prefix="b")
    assert parse_query("Écluses") == Query(number=None, suffix="", words=(), prefix="ecluses")


def test_a_number_alone_or_nothing_is_no_query():
    assert parse_query("12").is_empty
    assert parse_query("  ;; ").is_empty


def test_the_end_of_a_prefix_range_is_just_past_every_word_it_begins():
    assert prefix_end("ga") == "gb"
    assert prefix_end("gaz") == "ga{"
    assert prefix_end("gaz") > "gaze"
