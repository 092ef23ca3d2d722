"""A moderator's back office: the home leads to the queue and the dashboard, and the queue
names each item in the singular with the back office's own buttons."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from parvis.accounts.tests.helpers import sign_in
from parvis.comments.tests.factories import make_comment

pytestmark = pytest.mark.django_db

QUEUE = "/backoffice/moderation/decision/queue/"
DASHBOARD = "/backoffice/moderation/decision/dashboard/"


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_a_moderators_back_office_home_links_to_the_dashboard_and_the_queue(client, moderator):
    sign_in(client, moderator)

    links = soup(client.get("/backoffice/")).select(".moderation-shortcuts a")

    assert [(a.text, a["href"]) for a in links] == [
        ("La file de modération", QUEUE),
        ("Le tableau de bord", DASHBOARD),
    ]


def test_an_officers_home_has_no_moderation_shortcuts(client, officer):
    sign_in(client, officer)

    assert soup(client.get("/backoffice/")).select(".moderation-shortcuts") == []


def test_a_held_comment_is_one_comment_with_the_back_offices_buttons(
    client, moderator, council_page, resident
):
    make_comment(council_page, resident, "Première proposition")
    sign_in(client, moderator)

    item = soup(client.get(QUEUE)).select_one(".moderation-item")

    assert item.select_one("h3").text.startswith("Commentaire — ")
    buttons = [(b.text, b["class"]) for b in item.select(".submit-row button")]
    assert buttons == [
        ("Approuver et publier", ["button", "default"]),
        ("Masquer", ["button", "deletelink"]),
        ("Masquer et suspendre l’auteur", ["button", "deletelink"]),
    ]
