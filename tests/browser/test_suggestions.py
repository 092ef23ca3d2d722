"""A resident posts a suggestion in their neighbourhood, the councillor answers it from its
page, and the resident receives the signed answer by e-mail; in a real Chromium, with axe
on the form, its errors, the suggestion's page (the resident's, the official's with the
answer form, an anonymous visitor's from the page cache) and the lists."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from conftest import Mailbox
from parvis.suggestions.models import Answer, Suggestion
from parvis.suggestions.tests.factories import make_category, make_neighbourhood
from tests.browser.conftest import axe_check, sign_in, text
from tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def test_a_suggestion_answered_by_the_councillor_reaches_its_author(
    new_page, resident, mailbox: Mailbox, run_tasks
):
    space, councillor = make_neighbourhood("vieux-bourg")
    make_category()

    visitor = new_page()
    visitor.goto("/suggestions/")
    axe_check(visitor)

    page: Page = new_page()
    sign_in(page, resident)
    page.goto(f"/spaces/{space.slug}/")
    axe_check(page)  # the space's section on suggestions
    page.goto(f"/spaces/{space.slug}/suggestions/")
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("link", name=text("Make a suggestion")).click()
    axe_check(page)

    # A first try with a place outside the town: the message is next to the field, nothing
    # is saved, what was typed is kept.
    tab_to(page, "#id_title")
    page.keyboard.type("Des bancs avenue de la Gare")
    tab_to(page, "#id_text")
    page.keyboard.type("Des bancs le long de l'avenue, pour se reposer en allant au marché.")
    page.locator("#id_category").select_option("cadre-de-vie")
    tab_to(page, "#id_lat")
    page.keyboard.type("48.85")
    tab_to(page, "#id_lon")
    page.keyboard.type("2.35")
    tab_to(page, "main form.form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#id_lat_error").is_visible()
    assert Suggestion.objects.count() == 0
    axe_check(page)

    page.locator("#id_lat").fill("")
    page.locator("#id_lon").fill("")
    tab_to(page, "main form.form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    suggestion = Suggestion.objects.get()
    assert page.locator("h1").inner_text() == "Des bancs avenue de la Gare"
    axe_check(page)

    official = new_page()
    sign_in(official, councillor)
    official.goto(suggestion.get_absolute_url())
    axe_check(official)  # with the answer form
    official.locator("#id_to_status").select_option("accepted")
    tab_to(official, "#id_text")
    official.keyboard.type("Bonne idée : trois bancs seront posés au printemps.")
    tab_to(official, "form[action$='/answer/'] button[type=submit]")
    with official.expect_navigation():
        official.keyboard.press("Enter")
    assert official.get_by_text("Hélène Garnier").is_visible()
    axe_check(official)
    assert Answer.objects.get().signed_function == "Conseillère du quartier vieux-bourg"

    run_tasks()
    (message,) = mailbox.to(resident.email)
    body = Mailbox.text(message)
    assert "Bonne idée : trois bancs seront posés au printemps." in body
    assert "— Hélène Garnier, Conseillère du quartier vieux-bourg" in body
    assert suggestion.get_absolute_url() in body

    # An anonymous visitor reads the answer: the cached pages were made fresh.
    visitor.goto(suggestion.get_absolute_url())
    assert visitor.get_by_text("Bonne idée : trois bancs seront posés au printemps.").is_visible()
    axe_check(visitor)
    visitor.goto("/suggestions/")
    assert visitor.get_by_role("link", name="Des bancs avenue de la Gare").is_visible()
    axe_check(visitor)
