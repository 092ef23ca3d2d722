"""Roadworks in the town's search: found by their title, street, description and impacts
while published (ended ones too), gone when unpublished or deleted, in the back office's
order of saving (the works, then its impacts). Expected values are written by hand."""

from __future__ import annotations

import pytest

from parvis.accounts.tests.helpers import sign_in
from parvis.roadworks.models import ImpactKind, Works
from parvis.roadworks.services import works_delete, works_save
from parvis.roadworks.tests.factories import days, make_town, make_works
from parvis.roadworks.tests.test_backoffice import ADD, form
from parvis.search.engine import search

pytestmark = pytest.mark.django_db


def found(words: str) -> list[str]:
    return [result.title for result in search(words, kinds=["roadworks"]).results]


@pytest.fixture
def town():
    make_town()


def test_published_works_are_found_by_their_words_and_impacts(town):
    make_works(
        "reseau-eau-rue-haute",
        title="Réseau d'eau rue Haute",
        description="Remplacement des canalisations en fonte.",
        impacts=[(ImpactKind.BUS_MOVED, "La ligne 3 s'arrête place du Marché.")],
    )
    make_works("trottoirs-gare", title="Trottoirs de la gare", is_published=False)
    assert found("canalisations") == ["Réseau d'eau rue Haute"]
    assert found("ligne marché") == ["Réseau d'eau rue Haute"]
    assert found("trottoirs") == []


def test_ended_works_stay_found_and_unpublishing_removes_them(town):
    works = make_works(
        "enrobe-avenue", title="Enrobé avenue de la Paix", starts_on=days(-30), ends_on=days(-2)
    )
    assert found("enrobé paix") == ["Enrobé avenue de la Paix"]
    works.is_published = False
    works_save(works=works, actor=None)
    assert found("enrobé paix") == []
    works.is_published = True
    works_save(works=works, actor=None)
    assert found("enrobé paix") == ["Enrobé avenue de la Paix"]
    works_delete(works=works, actor=None)
    assert found("enrobé paix") == [] and not Works.objects.exists()


def test_the_back_office_indexes_the_impacts_it_saves_after_the_works(client, town, officer):
    sign_in(client, officer)
    response = client.post(ADD, form(**{"impacts-0-text": "Par la rue des Tanneurs"}))
    assert response.status_code == 302
    assert found("tanneurs") == ["Voirie rue Haute"]
    works = Works.objects.get()
    response = client.post(f"/backoffice/roadworks/works/{works.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert found("tanneurs") == []
