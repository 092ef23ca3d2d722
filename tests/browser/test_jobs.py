"""The job offers with the keyboard alone, in a real Chromium: a category chosen in the
list's filter, the filter sent, an offer opened; an application sent (a mistake first), then
erased with the link of its acknowledgement; the application in the back office."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from conftest import Mailbox
from parvis.accounts.roles import Role
from parvis.core.tests.documents import PDF
from parvis.jobs.models import Application, ApplicationStatus
from parvis.jobs.tests.factories import make_application, make_offer
from tests.browser.conftest import axe_check, sign_in
from tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def test_filtering_the_offers_and_opening_one_with_the_keyboard_alone(page, town_content):
    make_offer("directeur-general", title="Directeur général des services", category="A")
    page.goto("/jobs/")
    offers = page.locator("main .card h2 a")
    assert sorted(offers.all_inner_texts()) == [
        "Agent des espaces verts",
        "Directeur général des services",
    ]

    tab_to(page, "#filter-category")
    for _ in range(3):  # all categories, A, B, then C
        page.keyboard.press("ArrowDown")
    assert page.locator("#filter-category").input_value() == "C"
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "category=C" in page.url
    assert offers.all_inner_texts() == ["Agent des espaces verts"]
    axe_check(page)
    tab_to(page, "main .card h2 a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/jobs/agent-des-espaces-verts/")
    assert page.locator("h1").inner_text() == "Agent des espaces verts"


def choose_file_with_the_keyboard(page: Page, selector: str) -> None:
    """Reach the file input with Tab, then pick a CV: the dialog where a file is chosen is
    the system's, outside the page (and opening it from a headless Chromium is not
    reliable), so the file is given to the focused input directly."""
    tab_to(page, selector)
    page.locator(selector).set_input_files(
        {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )


def submit_with_the_keyboard(page: Page) -> None:
    tab_to(page, "#application button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_applying_with_the_keyboard_alone_then_erasing_it_with_the_link(
    page, town_content, mailbox, run_tasks
):
    page.goto("/jobs/agent-des-espaces-verts/")
    tab_to(page, 'main a[href="/jobs/agent-des-espaces-verts/apply/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")

    tab_to(page, "#id_first_name")
    page.keyboard.type("Camille")
    page.keyboard.press("Tab")
    page.keyboard.type("Martin")
    page.keyboard.press("Tab")
    page.keyboard.type("camille@")  # a mistake, and the consent forgotten
    choose_file_with_the_keyboard(page, "#id_cv")
    tab_to(page, "#id_letter_text")
    page.keyboard.type("Je souhaite rejoindre le service des espaces verts.")
    submit_with_the_keyboard(page)

    assert page.locator("#id_email_error").is_visible()
    assert page.locator("#id_consent_error").is_visible()
    assert page.locator("#id_first_name").input_value() == "Camille"
    axe_check(page)
    assert Application.objects.count() == 0

    tab_to(page, "#id_email")
    page.keyboard.press("Control+A")
    page.keyboard.type("camille@example.org")
    choose_file_with_the_keyboard(page, "#id_cv")  # a browser never keeps a file sent
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    submit_with_the_keyboard(page)

    application = Application.objects.get()
    assert page.locator("h1").inner_text() == "Votre candidature est envoyée"
    assert application.reference in page.locator("main").inner_text()
    axe_check(page)

    run_tasks()
    text = Mailbox.text(mailbox.to("camille@example.org")[0])
    link = next(line for line in text.splitlines() if "/jobs/applications/" in line)
    page.goto(urlsplit(link.strip()).path)  # the e-mail names the site's own address
    axe_check(page)
    tab_to(page, "button[value=erase]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Votre candidature est effacée"
    axe_check(page)
    assert Application.objects.count() == 0


def test_an_application_in_the_back_office_is_accessible_and_moved_along(
    page, town_content, staff_member
):
    offer = make_offer("jardinier", title="Jardinier")
    application = make_application(offer)
    sign_in(page, staff_member(Role.HR_OFFICER))

    page.goto("/backoffice/jobs/application/")
    axe_check(page)
    page.goto(f"/backoffice/jobs/application/{application.pk}/change/")
    axe_check(page)
    page.locator("#id_new_status").select_option("interview")
    page.locator("#id_note").fill("Entretien mardi.")
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    axe_check(page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEW
    assert "Entretien mardi." in page.locator("#events-group").inner_text()
