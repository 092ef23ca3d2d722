"""The relevance set: what a resident of the demo town expects in the first three results.

Each query below was chosen by reading the demo town (`parvis/demo`: its spaces, their pages,
the news and the announcements) and written down by hand with the results a resident looking
for it would want to see first, whatever their order among the first three. They run on the
database the suite runs on: CI runs them on SQLite and on PostgreSQL, so the two engines
must agree.

A result is "kind: title", with " @ space" when the title alone is ambiguous (every
neighbourhood has a "Histoire du quartier").
"""

from __future__ import annotations

import pytest

# The demo town, built once for this module (its fixtures, used through `usefixtures`).
from parvis.demo.tests.conftest import demo, demo_build  # noqa: F401
from parvis.search.engine import search

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

TOP = 3

RELEVANCE = [
    # The tram: its own space first, not a page of near-identical works notices.
    ("tram", ["space: Ligne de tram T1"]),
    ("tram t1", ["space: Ligne de tram T1"]),
    ("calendrier tram", ["space_page: Calendrier et étapes"]),
    ("impacts des travaux", ["space_page: Impacts des travaux"]),
    ("questions frequentes", ["space_page: Questions fréquentes"]),
    ("travaux", ["space_page: Impacts des travaux"]),
    # Neighbourhoods, by their names, with or without accents and articles.
    ("gare", ["space: Gare"]),
    ("saint-martin", ["space: Saint-Martin"]),
    ("saint martin", ["space: Saint-Martin"]),
    ("tilleuls", ["space: Les Tilleuls"]),
    ("bellevue", ["space: Bellevue"]),
    ("la garenne", ["space: La Garenne"]),
    ("faubourg", ["space: Faubourg du Moulin"]),
    ("prairie", ["space: La Prairie"]),
    ("histoire saint-martin", ["space_page: Histoire du quartier @ Saint-Martin"]),
    ("informations pratiques gare", ["space_page: Informations pratiques @ Gare"]),
    # Councils and themes; accent-less queries.
    ("conseil municipal des jeunes", ["space: Conseil municipal des jeunes"]),
    ("jeunes", ["space: Conseil municipal des jeunes"]),
    ("elections", ["space_page: Élections", "space: Conseil municipal des jeunes"]),
    ("transition ecologique", ["space: Transition écologique"]),
    ("ecologique", ["space: Transition écologique"]),
    ("plan climat", ["space_page: Le plan climat de la ville"]),
    # Plurals find the singular, and the other way round.
    ("subventions", ["space_page: Demander une subvention"]),
    ("association", ["space: Vie associative", "space_page: Forum des associations"]),
    ("ecoles fenetres", ["article: L'école Saint-Martin change ses fenêtres pour mieux isoler"]),
    ("ecole isoler", ["article: L'école Saint-Martin change ses fenêtres pour mieux isoler"]),
    # A street.
    ("rue nationale", ["article: Rue Nationale : enfouissement des réseaux à partir de lundi"]),
    (
        "avenue des sports",
        ["article: Avenue des Sports : rénovation de l'éclairage public à partir de lundi"],
    ),
    # Services.
    ("cantine", ["article: Cantine : les enfants ont élu leurs plats préférés"]),
    ("mediatheque", ["article: Nouveau à la médiathèque : une soirée jeux vidéo en famille"]),
    (
        "horaires piscine",
        [
            "article: Ce qu'a décidé le conseil municipal : les nouveaux horaires de la piscine"
            " des Joncs",
            "article: Conseil municipal : les nouveaux horaires de la piscine des Joncs au"
            " programme",
        ],
    ),
    ("marche de noel", ["article: Le marché de Noël revient pour sa 17ᵉ édition"]),
    # A notice repeated every week shows once, with its similar ones folded under it.
    ("encombrants", ["announcement: Service de la propreté urbaine — Collecte des encombrants"]),
    ("action sociale", ["announcement: Centre communal d'action sociale — Distribution de colis"]),
]


def described(result) -> str:
    text = f"{result.kind}: {result.title}"
    return f"{text} @ {result.space.name}" if result.space else text


def found_in(expected: str, shown: list[str]) -> bool:
    """An expected result is shown when its text starts one of the results (announcement
    titles are long: their start is enough)."""
    kind_title, _, space = expected.partition(" @ ")
    return any(
        line.startswith(kind_title) and (not space or line.endswith(f" @ {space}"))
        for line in shown
    )


def test_the_relevance_set_is_large_enough():
    assert len(RELEVANCE) >= 30
    assert len({query for query, _ in RELEVANCE}) == len(RELEVANCE)


@pytest.mark.parametrize(("query", "expected"), RELEVANCE, ids=[q for q, _ in RELEVANCE])
def test_a_resident_finds_what_they_look_for_in_the_first_results(query, expected):
    shown = [described(result) for result in search(query).results[:TOP]]

    missing = [item for item in expected if not found_in(item, shown)]
    assert not missing, f"{query!r}: {missing} not in the first {TOP}: {shown}"


def test_the_tram_notices_fold_into_a_few_results():
    page = search("tram")

    notices = [r for r in page.results if r.kind == "announcement"]
    # About a hundred documents speak of the tram; its notices, alike but for the street and
    # the day, show as a handful of results, each with its similar ones.
    assert page.total > 60
    assert 0 < len(notices) <= 6
    assert sum(r.similar_count for r in notices) > 20
    assert all(len(r.similar) <= 5 for r in notices)
