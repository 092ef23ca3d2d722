"""A young resident votes in the youth council's election with the keyboard alone, in a real
Chromium; once the election closes, the results page names the elected. axe on each page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from conftest import make_user
from parvis.votes import services
from parvis.votes.models import Ballot, Consultation, Method, VoterRecord
from parvis.votes.tests.factories import make_consultation
from tests.browser.conftest import axe_check, sign_in
from tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser

ELECTION = "/en/consultations/conseil-des-jeunes/"


def born(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=30)


@pytest.fixture
def election(db) -> Consultation:
    election = make_consultation(
        "conseil-des-jeunes",
        method=Method.ELECTION,
        options=(),
        state="upcoming",
        title="Conseil municipal des jeunes",
        max_choices=2,
        min_age=11,
        max_age=17,
    )
    for n, name in enumerate(["Léa M.", "Tom G.", "Inès L."]):
        candidacy = services.candidacy_submit(
            consultation=election,
            user=make_user(f"candidat{n}@example.org", birth_date=born(14)),
            name=name,
            presentation="En 4e.",
            projects="Un skatepark.",
        )
        services.candidacy_decide(candidacy=candidacy, validate=True, actor=None)
    election.opens_at = timezone.now() - datetime.timedelta(minutes=5)
    election.save()
    return election


def test_a_young_resident_votes_with_the_keyboard_and_sees_the_elected_after_closing(
    page: Page, election: Consultation
):
    voter = make_user("jeune@example.org", birth_date=born(13), display_name="Sacha")
    sign_in(page, voter, language="en")

    page.goto(ELECTION)
    axe_check(page)
    tab_to(page, "a[href$='/conseil-des-jeunes/vote/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Vote: Conseil municipal des jeunes"
    axe_check(page)

    tab_to(page, "#id_choices_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_choices_2")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("h1").inner_text() == "Your ballot is cast"
    receipt = page.locator("code.receipt").inner_text()
    axe_check(page)
    ballot = Ballot.objects.get()
    assert str(ballot.pk) == receipt
    assert VoterRecord.objects.get().voter_id == voter.pk
    Ballot.objects.create(consultation=election, choices=[ballot.choices[0]])

    election.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    election.opens_at = election.closes_at - datetime.timedelta(days=1)
    election.save()
    page.goto(ELECTION)
    tab_to(page, "a[href$='/conseil-des-jeunes/results/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("#elected ~ ul li").all_inner_texts() == ["Léa M.", "Inès L."]
    axe_check(page)
    page.goto(f"{ELECTION}ballots/")
    assert receipt in page.locator("ul.receipts").inner_text()
