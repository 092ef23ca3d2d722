"""The search engine, the same on SQLite (FTS5) and PostgreSQL (full-text search).

Where the engines differ on purpose (stemming), the test says what each one does; everything
else must give the same answers on both.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from parvis.search import backends, engine
from parvis.search.engine import PER_PAGE, search
from parvis.search.models import SearchDocument
from parvis.search.query import parse
from parvis.spaces.tests.factories import make_page, make_space

pytestmark = pytest.mark.django_db


# Distinct words, so that titles are not near-duplicates of each other (which fold).
NAMES = [f"{a}{b}" for a in "bcdfg" for b in "aeiouyéèà"]


def titles(page) -> list[str]:
    return [result.title for result in page.results]


def marked_words(html) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", str(html))


def test_accents_and_case_do_not_matter(notices):
    notices.add("L'école Jules-Ferry", "Inscriptions à la CANTINE du collège.")
    notices.add("Le café de la place", "Ouvert le dimanche.")

    assert titles(search("ecole")) == ["L'école Jules-Ferry"]
    assert titles(search("ÉCOLE")) == ["L'école Jules-Ferry"]
    assert titles(search("college cantine")) == ["L'école Jules-Ferry"]
    assert titles(search("cafe")) == ["Le café de la place"]
    assert titles(search("Café")) == ["Le café de la place"]


def test_plurals_and_singulars_find_each_other(notices):
    notices.add("Les écoles de la ville", "")
    notices.add("Le marché couvert", "")
    notices.add("Rien à voir", "Une bibliothèque.")

    assert titles(search("école")) == ["Les écoles de la ville"]
    assert titles(search("marchés")) == ["Le marché couvert"]
    assert titles(search("bibliothèques")) == ["Rien à voir"]


def test_french_stemming_is_the_same_on_both_engines(notices):
    """Snowball's French stemmer after folding accents, on documents and queries: PostgreSQL's
    `parvis_french`, and the same stemmer in Python for SQLite (`parvis.search.terms`)."""
    notices.add("Les chevaux du haras", "")
    notices.add("Travail d'été", "")
    notices.add("Habitants", "")
    notices.add("Le cœur du village", "")

    assert titles(search("chevaux")) == ["Les chevaux du haras"]
    assert titles(search("cheval")) == ["Les chevaux du haras"]
    assert titles(search("habitant")) == ["Habitants"]
    assert titles(search("travail")) == ["Travail d'été"]
    assert titles(search("ete")) == ["Travail d'été"]
    assert titles(search("coeur")) == ["Le cœur du village"]
    # Snowball's stems differ ("traval", "travail"): "travaux" does not find "travail".
    assert titles(search("travaux")) == []


def test_a_title_match_ranks_above_a_text_match(notices):
    notices.add("Horaires de la mairie", "Le lavoir est fermé pour travaux cet hiver.")
    notices.add("Le lavoir restauré", "Horaires d'ouverture au public.")
    notices.add("Sortie au parc", "Rendez-vous près du vieux lavoir, derrière le lavoir neuf.")

    assert titles(search("lavoir")) == [
        "Le lavoir restauré",
        "Sortie au parc",
        "Horaires de la mairie",
    ]


def test_every_word_must_be_found(notices):
    notices.add("Marché du samedi", "Sur la place de l'église.")
    notices.add("Marché de Noël", "Sous la halle.")

    assert titles(search("marché samedi")) == ["Marché du samedi"]
    assert titles(search("marché église")) == ["Marché du samedi"]
    assert sorted(titles(search("marché"))) == ["Marché de Noël", "Marché du samedi"]


def test_phrases_exclusions_and_prefixes(notices):
    notices.add("Transports", "Le bus scolaire passe à 8 h.")
    notices.add("Horaires", "Le scolaire, par le bus de ligne.")
    notices.add("Bibliothèque municipale", "Travaux de peinture.")

    assert titles(search('"bus scolaire"')) == ["Transports"]
    assert sorted(titles(search("bus scolaire"))) == ["Horaires", "Transports"]
    assert titles(search("bus -ligne")) == ["Transports"]
    assert titles(search('bus -"bus scolaire"')) == ["Horaires"]
    assert titles(search("biblio*")) == ["Bibliothèque municipale"]
    assert titles(search("peint* -bibliothèque")) == []


@pytest.mark.parametrize("band", ["statistics", "every document"])
def test_phrases_are_found_whichever_way_the_engine_takes(notices, monkeypatch, band):
    # PostgreSQL reads a band of the highest-priority documents first when its statistics
    # say many match, else the GIN indexes (a phrase through its pairs of adjacent words):
    # the same answers either way.
    if band == "every document":
        monkeypatch.setattr(backends.PostgreSQLEngine, "_band", lambda *args: 0)
    notices.add("Fête sur la place de la Mairie", "Un bal le soir.")
    notices.add("La mairie déménage", "La place manque.")
    notices.add("Déménagement", "La mairie ne déménage pas.")
    notices.add("Quartier Saint-Jean", "Le conseil de quartier se réunit lundi.")

    assert titles(search('"place de la mairie"')) == ["Fête sur la place de la Mairie"]
    assert titles(search('"mairie déménage"')) == ["La mairie déménage"]
    assert titles(search('"saint-jean"')) == ["Quartier Saint-Jean"]
    assert titles(search('"conseil de quartier" "se réunit"')) == ["Quartier Saint-Jean"]
    assert titles(search('"réunit lundi" mairie')) == []
    assert sorted(titles(search("mairie déménage"))) == ["Déménagement", "La mairie déménage"]


# Where PostgreSQL's band of highest-priority documents ends (see `_band_at`).
BANDS = ["none", "above every document", "after one match", "after three matches", "at 0"]


def _band_at(where: str) -> int | None:
    """A lowest priority for PostgreSQL's band, placed among the notices of the test below
    (dated one day apart, the most recent first)."""
    priorities = sorted(SearchDocument.objects.values_list("priority", flat=True), reverse=True)
    return {
        "none": None,
        "above every document": priorities[0] + 1,
        "after one match": priorities[0],
        # "Lavoir" is in every other notice: the 5th most recent is the 3rd match.
        "after three matches": priorities[4],
        "at 0": 0,
    }[where]


@pytest.mark.parametrize("band", BANDS)
def test_the_candidates_are_the_first_matches_wherever_the_band_ends(notices, monkeypatch, band):
    # The candidates are the first matches in priority order (the type's weight, then the
    # day): PostgreSQL reads them from a band of the highest-priority documents, then from
    # below it if the band held too few. Wherever the band ends, the same candidates.
    monkeypatch.setattr(engine, "CANDIDATES", 4)
    now = timezone.now()
    for n in range(10):
        text = "Le lavoir du quartier." if n % 2 == 0 else "La fontaine du quartier."
        notices.add(f"Avis {NAMES[n]}", text, date=now - timedelta(days=n))
    monkeypatch.setattr(backends.PostgreSQLEngine, "_band", lambda *args: _band_at(band))

    page = search("lavoir")

    assert (page.total, page.more) == (4, True)
    assert titles(page) == [f"Avis {NAMES[n]}" for n in (0, 2, 4, 6)]
    assert titles(search("fontaine")) == [f"Avis {NAMES[n]}" for n in (1, 3, 5, 7)]
    assert titles(search("fontaine -avis")) == []


def test_the_band_is_chosen_from_the_statistics_of_the_words(notices, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATES", 2)
    now = timezone.now()
    for n in range(40):
        text = "Le lavoir du quartier." if n != 7 else "Le pigeonnier du quartier."
        notices.add(f"Avis {NAMES[n]}", text, date=now - timedelta(days=n))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")

    assert titles(search("lavoir")) == [f"Avis {NAMES[n]}" for n in (0, 1)]
    assert titles(search("pigeonnier")) == [f"Avis {NAMES[7]}"]
    if connection.vendor == "postgresql":
        bands = {}
        for query in ("lavoir", "pigeonnier"):
            with connection.cursor() as cursor:
                filters = backends.Filters(now=now)
                bands[query] = backends.PostgreSQLEngine()._band(cursor, parse(query), filters, 3)
        # "lavoir", in 39 documents of 40: 3 candidates x 2 are in the 6 or so most recent;
        # "pigeonnier", in one: every match from the GIN index, no band.
        priorities = sorted(SearchDocument.objects.values_list("priority", flat=True))
        assert bands["lavoir"] in priorities[-12:-4]
        assert bands["pigeonnier"] is None


def test_a_search_inside_a_transaction_leaves_it_as_it_was(notices):
    # PostgreSQL plans the candidates with sequential scans off, undone after the statement.
    with transaction.atomic():
        notices.add("Lavoir du moulin", "Restauré.")
        assert titles(search("lavoir")) == ["Lavoir du moulin"]
        notices.add("Lavoir des Prés", "Nettoyé.")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW enable_seqscan")
                assert cursor.fetchone() == ("on",)

    assert sorted(titles(search("lavoir"))) == ["Lavoir des Prés", "Lavoir du moulin"]


def test_the_words_found_are_marked_in_the_title_and_the_excerpt(notices):
    notices.add(
        "La piscine rouvre", "Après six mois de travaux, la piscine Jean-Bouin rouvre lundi."
    )

    [result] = search("piscine").results

    assert str(result.title_html) == "La <mark>piscine</mark> rouvre"
    assert marked_words(result.excerpt) == ["piscine"]
    assert BeautifulSoup(str(result.excerpt), "html.parser").text.startswith("Après six mois")


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('x')</script>",
        '<img src=x onerror="alert(1)">',
        '"><svg onload=alert(1)>',
        "&lt;script&gt;",
        "<mark>faux</mark>",
    ],
)
def test_excerpts_and_titles_are_escaped_except_the_marks(notices, payload):
    notices.add(f"Conseil {payload} municipal", f"Compte rendu du conseil : {payload} fin.")

    [result] = search("conseil").results

    for html in (result.title_html, result.excerpt):
        tags = BeautifulSoup(str(html), "html.parser").find_all(True)
        assert [tag.name for tag in tags] == ["mark"] * len(tags)
        assert all(tag.text.lower() == "conseil" for tag in tags)
        assert "<script" not in str(html) and "<img" not in str(html) and "<svg" not in str(html)
    assert marked_words(result.title_html) == ["Conseil"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "AND",
        "OR",
        "NOT",
        "*",
        "-",
        "NEAR(",
        "NEAR(a b",
        "title:x",
        "^lavoir",
        "lavoir)",
        "(((",
        "'",
        "\\",
        "%",
        "_",
        "\x00",
        "lavoir\x00",
        "'; DROP TABLE search_searchdocument; --",
        "!!!&&&|||",
        "<->",
        "lavoir:*",
        "a" * 1000,
        "ñ" * 50,
        "😀 lavoir",
    ],
)
def test_hostile_queries_never_fail(notices, query):
    notices.add("Le lavoir", "Au bord de la rivière.")

    page = search(query)

    expected = ["Le lavoir"] if "lavoir" in query else []
    assert titles(page) == expected
    assert page.total == len(expected)


def test_a_query_with_nothing_to_look_for_does_not_touch_the_database(notices):
    notices.add("Le lavoir", "")

    for query in ["", "le la de", "-lavoir", '-"le lavoir"', '"', "*"]:
        with CaptureQueriesContext(connection) as queries:
            page = search(query)
        assert (page.total, page.results, len(queries)) == (0, [], 0)


def test_filters_by_type_and_by_space(notices):
    centre = make_space("centre-ville", name="Centre-ville", description="Le lavoir du centre.")
    port = make_space("port", name="Le Port")
    make_page(centre, "lavoir", title="Le lavoir", body="Histoire du lavoir.")
    make_page(port, "lavoir", title="Le lavoir du port", body="Un autre lavoir.")
    notices.add("Lavoir : travaux", "", space=centre)

    assert sorted(titles(search("lavoir"))) == [
        "Centre-ville",
        "Lavoir : travaux",
        "Le lavoir",
        "Le lavoir du port",
    ]
    assert sorted(titles(search("lavoir", kinds=["space_page"]))) == [
        "Le lavoir",
        "Le lavoir du port",
    ]
    assert sorted(titles(search("lavoir", kinds=["space_page", "notice"]))) == [
        "Lavoir : travaux",
        "Le lavoir",
        "Le lavoir du port",
    ]
    assert sorted(titles(search("lavoir", space=centre))) == ["Lavoir : travaux", "Le lavoir"]
    assert titles(search("lavoir", space=port.pk)) == ["Le lavoir du port"]
    assert titles(search("lavoir", kinds=["notice"], space=port)) == []
    [result] = search("lavoir", space=port).results
    with translation.override("fr"):
        assert (result.kind, str(result.kind_label), result.space) == (
            "space_page",
            gettext("Pages of spaces"),
            port,
        )


def test_pages_of_results(notices):
    for n in range(45):
        notices.add(
            f"Avis {NAMES[n]}", "Un avis de la mairie.", date=timezone.now() - timedelta(days=n)
        )

    pages = [search("avis", page=number) for number in (1, 2, 3)]

    assert [(p.total, p.number, p.num_pages, len(p.results)) for p in pages] == [
        (45, 1, 3, PER_PAGE),
        (45, 2, 3, PER_PAGE),
        (45, 3, 3, 5),
    ]
    # Equal relevance: the most recent first, and every notice exactly once.
    assert [t for p in pages for t in titles(p)] == [f"Avis {NAMES[n]}" for n in range(45)]
    assert (pages[0].has_previous, pages[0].has_next, pages[2].has_next) == (False, True, False)
    assert (pages[1].start_index, pages[1].end_index) == (21, 40)
    # Past the last page: the last page; before the first: the first.
    assert (search("avis", page=99).number, search("avis", page=0).number) == (3, 1)


def test_the_publication_window_is_checked_when_searching(notices):
    now = timezone.now()
    notices.add("Concert annoncé", "", visible_from=now + timedelta(hours=2))
    notices.add("Concert en cours", "", visible_from=now - timedelta(hours=1))
    notices.add(
        "Concert passé",
        "",
        visible_from=now - timedelta(days=9),
        visible_until=now - timedelta(days=1),
    )
    notices.add("Concert jusqu'à demain", "", visible_until=now + timedelta(days=1))

    assert sorted(titles(search("concert"))) == ["Concert en cours", "Concert jusqu'à demain"]
    # The same index three hours later: the scheduled one appears without being indexed again.
    assert sorted(titles(search("concert", at=now + timedelta(hours=3)))) == [
        "Concert annoncé",
        "Concert en cours",
        "Concert jusqu'à demain",
    ]
    assert sorted(titles(search("concert", at=now + timedelta(days=2)))) == [
        "Concert annoncé",
        "Concert en cours",
    ]


def test_what_is_not_public_is_never_indexed_nor_found(notices):
    now = timezone.now()
    draft = notices.add("Brouillon du lavoir", "", public=False)
    notices.add("Fenêtre vide du lavoir", "", visible_from=now, visible_until=now)
    shown = notices.add("Lavoir visible", "")

    assert titles(search("lavoir")) == ["Lavoir visible"]
    assert SearchDocument.objects.filter(kind="notice").count() == 1

    # Hidden after publication: its document goes.
    notices.set(shown, "Lavoir visible", public=False)
    assert titles(search("lavoir")) == []
    # A document wrongly kept as not public (written by hand) is still never shown.
    notices.set(draft, "Brouillon du lavoir")
    SearchDocument.objects.filter(kind="notice").update(is_public=False)
    assert titles(search("lavoir")) == []


def test_result_addresses_follow_the_reader_language(notices):
    centre = make_space("centre-ville", name="Centre-ville")
    make_page(centre, "lavoir", title="Le lavoir")

    with translation.override("en"):
        [english] = search("lavoir").results
    with translation.override("fr"):
        [french] = search("lavoir").results

    assert (english.url, french.url) == (
        "/en/spaces/centre-ville/pages/lavoir/",
        "/spaces/centre-ville/pages/lavoir/",
    )
    assert SearchDocument.objects.get(kind="space_page").url == "/spaces/centre-ville/pages/lavoir/"


def test_a_page_of_results_costs_the_same_whatever_the_index_holds(notices):
    for n in range(5):
        notices.add(f"Lavoir {NAMES[n % 45]} {NAMES[n // 45]}", "Le lavoir.")
    search("lavoir")  # content types are cached per process
    with CaptureQueriesContext(connection) as small:
        search("lavoir")
    for n in range(5, 300):
        notices.add(f"Lavoir {NAMES[n % 45]} {NAMES[n // 45]}", "Le lavoir.")
    with CaptureQueriesContext(connection) as large:
        page = search("lavoir")

    assert len(page.results) == PER_PAGE
    assert len(large) == len(small)


def test_a_space_weighs_more_than_other_content_of_equal_relevance(notices):
    notices.add("Le lavoir", "Au bord de la rivière.", date=timezone.now())
    make_space("lavoir", name="Le lavoir", description="Au bord de la rivière.")

    assert [r.kind for r in search("lavoir").results] == ["space", "notice"]


def add_old_and_new(notices) -> None:
    """An old notice with every word of the query in its title, a recent one with half."""
    now = timezone.now()
    notices.add("Lavoir restauré", "Visites.", date=now - timedelta(days=365))
    notices.add("Lavoir ouvert", "Il a été restauré.", date=now - timedelta(days=1))


def test_dated_content_fades_with_age(dated_notices):
    add_old_and_new(dated_notices)

    # A year is twelve times the type's freshness: the recent one comes first.
    assert titles(search("lavoir restauré")) == ["Lavoir ouvert", "Lavoir restauré"]


def test_without_freshness_the_better_title_comes_first_whatever_its_age(notices):
    add_old_and_new(notices)

    assert titles(search("lavoir restauré")) == ["Lavoir restauré", "Lavoir ouvert"]


def test_near_duplicates_of_dated_content_fold_into_one_result(dated_notices):
    now = timezone.now()
    for days, (weekday, hour) in enumerate([("lundi", 9), ("mardi", 10), ("jeudi", 14)]):
        dated_notices.add(
            f"Collecte des encombrants {weekday} à {hour} h : sortez-les la veille",
            "Collecte.",
            date=now - timedelta(days=days),
        )
    dated_notices.add("Collecte des déchets verts : les nouveaux horaires", "Collecte.", date=now)

    page = search("collecte")

    assert [(r.title, r.similar_count) for r in page.results] == [
        ("Collecte des déchets verts : les nouveaux horaires", 0),
        ("Collecte des encombrants lundi à 9 h : sortez-les la veille", 2),
    ]
    assert [s.title for s in page.results[1].similar] == [
        "Collecte des encombrants mardi à 10 h : sortez-les la veille",
        "Collecte des encombrants jeudi à 14 h : sortez-les la veille",
    ]
    assert (page.total, page.shown, page.num_pages) == (4, 2, 1)


def test_undated_types_never_fold(notices):
    for name in ("Gare", "Bourg"):
        space = make_space(name.lower(), name=name)
        make_page(space, "histoire", title="Histoire du quartier", body="Le lavoir.")

    assert [r.similar_count for r in search("histoire").results] == [0, 0]


def test_beyond_the_candidates_the_heaviest_types_are_kept_and_more_is_said(notices, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATES", 5)
    for n in range(8):
        notices.add(f"Lavoir {NAMES[n]}", "Le lavoir.", date=timezone.now() - timedelta(days=n))
    make_space("lavoir", name="Le vieux lavoir")

    page = search("lavoir")

    assert (page.total, page.more) == (5, True)
    assert titles(page) == ["Le vieux lavoir"] + [f"Lavoir {NAMES[n]}" for n in range(4)]
