"""Two residents edit the same wiki page at once, then debate it on its talk page, in two
real Chromium windows: the second editor gets the conflict screen with their own text kept,
saves again, and the reply reaches the debate; axe on each screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from parvis.comments.models import Comment
from parvis.wiki.models import Article
from parvis.wiki.tests.factories import make_article, trust
from tests.browser.conftest import axe_check, sign_in, text

pytestmark = pytest.mark.browser


def save(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").click()


def test_two_residents_edit_a_page_and_its_debate(new_page, resident, other_resident):
    trust(resident)
    trust(other_resident)
    make_article("Le Lavoir", body="Le lavoir de la rue de la Halle.")
    camille, dominique = new_page(), new_page()
    sign_in(camille, resident)
    sign_in(dominique, other_resident)

    # Both open the edit form of the same version.
    for page in (camille, dominique):
        page.goto("/wiki/le-lavoir/edit/")
    axe_check(camille)
    camille.locator("#id_body").fill("Le lavoir de la rue de la Halle, restauré en 1998.")
    camille.locator("#id_summary").fill("Date de la restauration")
    save(camille)
    assert camille.url.endswith("/wiki/le-lavoir/")
    assert "restauré en 1998" in camille.locator(".prose").inner_text()

    mine = "Le lavoir de la [[Rue de la Halle]], alimenté par une source."
    dominique.locator("#id_body").fill(mine)
    save(dominique)

    # The conflict screen: told, the difference shown, their text kept in the form.
    assert dominique.locator("#edit-conflict").is_visible()
    assert dominique.locator("#id_body").input_value() == mine
    assert "restauré en 1998" in dominique.locator("#edit-conflict table").inner_text()
    axe_check(dominique)
    dominique.locator("#id_body").fill(
        "Le lavoir de la [[Rue de la Halle]], restauré en 1998, alimenté par une source."
    )
    save(dominique)
    assert dominique.url.endswith("/wiki/le-lavoir/")
    missing = dominique.locator(".prose a.link-missing")
    assert missing.inner_text().startswith("Rue de la Halle")
    axe_check(dominique)

    # The debate on the talk page: Camille asks, Dominique replies in the thread.
    camille.goto("/wiki/le-lavoir/talk/")
    camille.locator("#id_comment_body").fill("Avez-vous une source pour la date de 1998 ?")
    with camille.expect_navigation():
        camille.locator("#comment-form button[type=submit]").click()
    dominique.goto("/wiki/le-lavoir/talk/")
    details = dominique.locator(
        "details.comment-action", has=dominique.locator("summary", has_text=text("Reply"))
    ).first
    details.locator("summary").click()
    reply = details.locator("form")
    reply.locator("textarea").fill("Oui : le bulletin municipal de 1998.")
    with dominique.expect_navigation():
        reply.locator("button[type=submit]").click()
    axe_check(dominique)

    article = Article.objects.get(slug="le-lavoir")
    assert article.current.body.endswith("alimenté par une source.")
    assert list(Comment.objects.order_by("id").values_list("body", "parent__body")) == [
        ("Avez-vous une source pour la date de 1998 ?", None),
        ("Oui : le bulletin municipal de 1998.", "Avez-vous une source pour la date de 1998 ?"),
    ]
    camille.goto("/wiki/le-lavoir/talk/")
    assert "le bulletin municipal de 1998" in camille.locator("#comments").inner_text()
