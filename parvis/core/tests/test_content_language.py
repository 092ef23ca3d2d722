"""What the town and residents write is in French: on English pages it says so (WCAG 3.1.2)."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils import translation

from parvis.comments.tests.factories import make_comment
from parvis.news.tests.factories import make_announcement, make_article
from parvis.spaces.tests.factories import make_member, make_page, make_space
from parvis.tags.models import Tag

pytestmark = pytest.mark.django_db


def page(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def french_parts(soup: BeautifulSoup) -> list[str]:
    """The text of every element marked French, in page order."""
    return [" ".join(element.get_text(" ").split()) for element in soup.select('[lang="fr"]')]


@pytest.fixture
def article(officer, resident):
    space = make_space(
        "vieux-bourg", name="Vieux-Bourg", summary="Les rues anciennes.", description="Du XIIe."
    )
    article = make_article(
        "marche-de-noel",
        title="Le marché de Noël ouvre samedi",
        lead="Quarante chalets sur la place.",
        body="Vin chaud et **marrons** grillés.",
        space=space,
        actor=officer,
        tags=[Tag.objects.create(name="Fêtes", slug="fetes")],
    )
    make_comment(article, resident, body="Enfin une bonne nouvelle.")
    return article


def test_an_english_article_page_marks_the_french_title_lead_body_and_comments(client, article):
    soup = page(client.get("/en/news/marche-de-noel/"))

    assert soup.html["lang"] == "en"
    assert soup.select_one("h1")["lang"] == "fr"
    assert soup.select_one("h1").text == "Le marché de Noël ouvre samedi"
    assert soup.select_one(".news-article .lead")["lang"] == "fr"
    assert soup.select_one(".news-article .prose")["lang"] == "fr"
    assert soup.select_one(".news-article .prose").text.strip() == "Vin chaud et marrons grillés."
    assert soup.select_one(".comment__body")["lang"] == "fr"
    assert soup.select_one(".comment__body").text.strip() == "Enfin une bonne nouvelle."
    assert soup.select_one('.tag-list a[lang="fr"]').text == "Fêtes"
    # What Parvis itself says stays English: the date line and the comments' heading.
    assert "lang" not in soup.select_one(".news-article .card__meta").attrs
    assert soup.select_one(".news-article .card__meta").text.startswith("Published on ")
    assert "lang" not in soup.select_one("#comments-title").attrs


def test_a_french_article_page_adds_no_redundant_language(client, article):
    soup = page(client.get("/news/marche-de-noel/"))

    assert soup.html["lang"] == "fr"
    assert soup.select("main [lang]") == []


def test_english_lists_mark_the_french_cards_and_the_space_in_their_meta(client, article):
    make_announcement("Coupure d’eau rue Haute mardi matin.", space=article.space)

    soup = page(client.get("/en/spaces/vieux-bourg/"))

    assert french_parts(soup.select_one("main")) == [
        "Vieux-Bourg",  # the trail's last crumb
        "Vieux-Bourg",
        "Les rues anciennes.",
        "Du XIIe.",
        "Le marché de Noël ouvre samedi",
        "Quarante chalets sur la place.",
        "Vieux-Bourg",  # "All the news of Vieux-Bourg"
        "Vieux-Bourg",  # the announcement's source
        "Coupure d’eau rue Haute mardi matin.",
        "Vieux-Bourg",  # "All the announcements of Vieux-Bourg"
    ]
    news = page(client.get("/en/news/"))
    assert french_parts(news.select_one(".cards--news")) == [
        "Le marché de Noël ouvre samedi",
        "Quarante chalets sur la place.",
        "Vieux-Bourg",
    ]
    assert "lang" not in news.select_one(".cards--news time").attrs


def test_an_english_trail_marks_the_names_the_town_wrote_and_not_its_own_words(client, article):
    soup = page(client.get("/en/news/marche-de-noel/"))

    crumbs = soup.select("nav.breadcrumbs a")
    assert [(crumb.text, crumb.get("lang")) for crumb in crumbs] == [
        ("Home", None),
        ("Vieux-Bourg", "fr"),
        ("News", None),
        ("Le marché de Noël ouvre samedi", "fr"),
    ]
    french = page(client.get("/news/marche-de-noel/"))
    assert [crumb.text for crumb in french.select("nav.breadcrumbs a")] == [
        "Accueil",
        "Vieux-Bourg",
        "Actualités",
        "Le marché de Noël ouvre samedi",
    ]
    assert french.select("nav.breadcrumbs [lang]") == []


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/en/spaces/vieux-bourg/news/", "News of Vieux-Bourg"),
        ("/en/spaces/vieux-bourg/announcements/", "Announcements of Vieux-Bourg"),
    ],
)
def test_an_english_space_list_marks_the_space_s_name_in_its_heading(
    client, article, path, heading
):
    soup = page(client.get(path))

    h1 = soup.select_one("h1")
    assert h1.text == heading
    assert "lang" not in h1.attrs
    assert [part.text for part in h1.select('[lang="fr"]')] == ["Vieux-Bourg"]
    # The <title> cannot hold an element: it says the same words, unmarked.
    assert soup.title.string.startswith(f"{heading} — ")


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/spaces/vieux-bourg/news/", "Actualités de l’espace «\u00a0Vieux-Bourg\u00a0»"),
        ("/spaces/vieux-bourg/announcements/", "Annonces de l’espace «\u00a0Vieux-Bourg\u00a0»"),
    ],
)
def test_a_french_space_list_heading_marks_nothing(client, article, path, heading):
    soup = page(client.get(path))

    assert soup.select_one("h1").text == heading
    assert soup.select("h1 [lang], h1[lang]") == []


def test_an_english_space_page_marks_its_title_body_members_and_other_pages(client, officer):
    space = make_space("centre-ville", name="Centre-ville", description="Le **cœur** du bourg.")
    make_member(space, officer, title="adjointe à la voirie")
    make_page(space, "histoire", title="Histoire du quartier", body="Le marché date de 1820.")
    make_page(space, "acces", title="Venir au centre", body="Par la ligne A.")

    home = page(client.get("/en/spaces/centre-ville/"))
    assert french_parts(home.select_one(".space-layout")) == [
        "Le cœur du bourg.",
        "adjointe à la voirie",
        "Histoire du quartier",
        "Venir au centre",
    ]
    soup = page(client.get("/en/spaces/centre-ville/pages/histoire/"))
    assert french_parts(soup.select_one(".space-layout")) == [
        "Histoire du quartier",
        "Le marché date de 1820.",
        "Centre-ville",  # "Pages of Centre-ville"
        "Histoire du quartier",
        "Venir au centre",
    ]


def test_an_english_tag_page_marks_the_tag_name_in_its_heading(client, article):
    soup = page(client.get("/en/tags/fetes/"))

    heading = soup.select_one("h1")
    assert heading.select_one('[lang="fr"]').text == "Fêtes"
    assert "lang" not in heading.attrs


def test_an_english_tag_pages_crumb_marks_the_tag_name_and_the_breadcrumb_list_keeps_it_plain(
    client, article
):
    soup = page(client.get("/en/tags/fetes/"))

    crumb = soup.select(".breadcrumbs li a")[-1]
    assert crumb.get_text() == "Tag “Fêtes”"
    assert [str(part) for part in crumb.contents] == ["Tag “", '<span lang="fr">Fêtes</span>', "”"]
    assert "lang" not in crumb.attrs
    trail = next(
        data
        for script in soup.select('script[type="application/ld+json"]')
        if (data := json.loads(script.string)).get("@type") == "BreadcrumbList"
    )
    assert [item["name"] for item in trail["itemListElement"]] == ["Home", "Tag “Fêtes”"]


def test_a_french_tag_pages_crumb_marks_nothing(client, article):
    soup = page(client.get("/tags/fetes/"))

    crumb = soup.select(".breadcrumbs li a")[-1]
    assert crumb.decode_contents() == "Mot-clé «\u00a0Fêtes\u00a0»"


def test_the_tag_takes_a_language_the_content_declares(client):
    class Note:
        language = "en"

    template = Template(
        "{% load parvis %}<p{% content_lang note %}>x</p><p{% content_lang %}>y</p>"
    )
    with translation.override("fr"):
        assert template.render(Context({"note": Note()})) == '<p lang="en">x</p><p>y</p>'
    with translation.override("en"):
        assert template.render(Context({"note": Note()})) == '<p>x</p><p lang="fr">y</p>'


def test_the_filter_escapes_what_it_marks():
    template = Template("{% load parvis %}{{ name|in_content_lang }}")
    with translation.override("en"):
        rendered = template.render(Context({"name": "<b>Rue & place</b>"}))
        assert rendered == '<span lang="fr">&lt;b&gt;Rue &amp; place&lt;/b&gt;</span>'
    with translation.override("fr"):
        rendered = template.render(Context({"name": "<b>Rue & place</b>"}))
        assert rendered == "&lt;b&gt;Rue &amp; place&lt;/b&gt;"


# --- the legal notice ----------------------------------------------------------------------


def test_the_legal_notices_defaults_speak_the_readers_language(client):
    french = page(client.get("/legal/notice/")).select_one(".prose").get_text(" ")
    english = page(client.get("/en/legal/notice/")).select_one(".prose").get_text(" ")

    assert "Le maire" in french
    assert "Hébergé par la commune, sur ses propres serveurs." in french
    assert "The mayor" in english
    assert "Hosted by the town, on its own servers." in english
    assert "Le maire" not in english and "Hébergé" not in english


def test_what_the_town_wrote_in_its_legal_notice_is_marked_french(client, settings):
    settings.PARVIS_TOWN = {
        **settings.PARVIS_TOWN,
        "publication_director": "Mme Claire Martin, maire",
        "host": "Société Exemple, 2 rue du Port, Nantes",
    }

    english = page(client.get("/en/legal/notice/"))

    assert french_parts(english.select_one(".prose")) == [
        "Mme Claire Martin, maire",
        "Société Exemple, 2 rue du Port, Nantes",
    ]
    assert page(client.get("/legal/notice/")).select(".prose [lang]") == []
