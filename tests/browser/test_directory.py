"""The directory's journey in a real Chromium: a resident proposes a change to the town
hall's entry; a moderator (signed in with a password and a TOTP code) accepts one field and
rejects the other in the back office; the public page shows the new value, and its history
the change."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from parvis.directory.models import ChangeProposal
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


def test_a_resident_proposes_and_a_moderator_accepts_field_by_field(
    new_page, town_content, resident, moderator
):
    page = new_page()
    sign_in(page, resident, language="en")
    page.goto("/en/directory/mairie/")
    page.get_by_role("link", name="Propose a change").click()
    page.get_by_label("Telephone").fill("02 54 99 99 99")
    page.get_by_label("Website").fill("https://mairie.example")
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the proposal").click()
    expect(page.locator(".messages")).to_contain_text("a moderator will read your proposal")
    proposal = ChangeProposal.objects.get()
    assert proposal.values == {"phone": "02 54 99 99 99", "website": "https://mairie.example"}

    staff = new_page()
    sign_in(staff, moderator, language="en")
    staff.goto(f"/backoffice/directory/changeproposal/{proposal.pk}/change/")
    comparison = staff.locator(".field-comparison table")
    expect(comparison).to_contain_text("02 54 00 00 00")
    expect(comparison).to_contain_text("02 54 99 99 99")
    staff.locator("#id_accept_phone").check()
    with staff.expect_navigation():
        staff.locator("input[name=_save]").click()
    proposal.refresh_from_db()
    assert proposal.decisions == {"phone": "accepted", "website": "rejected"}

    visitor = new_page()
    visitor.goto("/en/directory/mairie/")
    expect(visitor.locator("#entry-phone")).to_have_text("02 54 99 99 99")
    expect(visitor.locator("main")).not_to_contain_text("https://mairie.example")
    visitor.get_by_role("link", name="History of this entry").click()
    row = visitor.locator("tbody tr").first
    expect(row).to_contain_text("02 54 00 00 00")
    expect(row).to_contain_text("02 54 99 99 99")
    axe_check(visitor)
