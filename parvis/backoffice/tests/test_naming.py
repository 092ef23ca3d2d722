"""The back office names each model as a sentence does, in French and in English."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib import admin

from parvis.accounts.tests.helpers import sign_in
from parvis.news.tests.factories import make_article
from parvis.tags.models import Tag

pytestmark = pytest.mark.django_db

ARTICLES = "/backoffice/news/article/"


@pytest.fixture
def staff(client, administrator):
    sign_in(client, administrator)
    return client


def page(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def heading(response) -> str:
    return page(response).select_one("#content h1").text.strip()


def test_the_add_page_of_an_article_says_ajouter_un_article(staff):
    response = staff.get(f"{ARTICLES}add/")

    assert heading(response) == "Ajouter un article"
    assert page(response).title.text.startswith("Ajouter un article |")
    assert heading(staff.get(f"/en{ARTICLES}add/")) == "Add a news article"


def test_the_article_list_says_which_to_choose_and_offers_to_add_one(staff, officer):
    make_article("fete", title="La fête du village", actor=officer)

    response = staff.get(ARTICLES)

    assert heading(response) == "Sélectionnez l’article à modifier"
    assert page(response).select_one(".object-tools .addlink").text.strip() == "Ajouter un article"
    assert "Aucun(e)" not in response.content.decode()
    english = staff.get(f"/en{ARTICLES}")
    assert heading(english) == "Select the news article to change"
    assert page(english).select_one(".object-tools .addlink").text.strip() == "Add a news article"


def test_the_change_and_delete_pages_of_a_tag_read_naturally(staff):
    tag = Tag.objects.create(name="Travaux", slug="travaux")

    change = staff.get(f"/backoffice/tags/tag/{tag.pk}/change/")
    delete = staff.get(f"/backoffice/tags/tag/{tag.pk}/delete/")

    assert heading(change) == "Modifier le mot-clé"
    sentence = re.sub(r"[ \t\n]+", " ", page(delete).select_one("#content p").text).strip()
    assert sentence == (
        "Voulez-vous vraiment supprimer «\u00a0Travaux\u00a0» (mot-clé)\u00a0? "
        "Ces éléments liés seront aussi supprimés\u00a0:"
    )


def test_a_read_only_list_asks_to_choose_what_to_view(staff, officer):
    make_article("fete", title="La fête du village", actor=officer)

    assert heading(staff.get("/backoffice/comments/comment/")) == (
        "Sélectionnez le commentaire à consulter"
    )


def test_the_index_has_no_aucun_e_before_any_action(staff):
    index = staff.get("/backoffice/").content.decode()

    assert "Aucun(e)" not in index
    assert "Aucune action pour l’instant" in index


def test_every_model_of_the_back_office_is_named_with_its_articles():
    unnamed = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if getattr(model_admin, "names", None) is None
    ]

    assert unnamed == []


@pytest.mark.parametrize("model", sorted(m._meta.label for m in admin.site._registry))
def test_no_list_says_l_objet_or_aucun_e(staff, model):
    app_label, model_name = model.lower().split(".")

    text = page(staff.get(f"/backoffice/{app_label}/{model_name}/")).get_text(" ")

    assert "Aucun(e)" not in text
    assert "l’objet" not in text and "l'objet" not in text
    assert "Sélectionnez " in text
