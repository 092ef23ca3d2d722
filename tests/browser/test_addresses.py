"""The address field in a real browser: suggestions as one types, with the keyboard alone,
and the same lookup without JavaScript (the choices come back from the server)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_suggestions_fill_the_list_and_the_chosen_address_finds_its_neighbourhood(
    page: Page, town_content
):
    page.goto("/addresses/")
    field = page.locator("#id_address")
    field.focus()
    page.keyboard.type("2 rue de la hal")
    options = page.locator("#id_address-suggestions option")
    options.nth(1).wait_for(state="attached")
    assert options.evaluate_all("list => list.map(o => [o.value, o.textContent])") == [
        ["2 Rue de la Halle, 36000 Villeneuve-du-Parvis", "Vieux-Bourg"],
        ["2 bis Rue de la Halle, 36000 Villeneuve-du-Parvis", "Vieux-Bourg"],
    ]
    # Picking a suggestion fills the field with its label, which resolves to one address.
    field.fill("2 bis Rue de la Halle, 36000 Villeneuve-du-Parvis")
    page.keyboard.press("Enter")
    page.wait_for_url("**/addresses/?address=*")
    assert page.locator("#lookup-result").inner_text() == (
        "2 bis Rue de la Halle, 36000 Villeneuve-du-Parvis"
    )
    assert page.locator("#lookup-result + p a").inner_text() == "Vieux-Bourg"


def test_without_javascript_an_ambiguous_address_offers_its_choices(new_page, town_content):
    page = new_page(java_script_enabled=False)
    page.goto("/addresses/")
    page.locator("#id_address").fill("2 rue de la halle")
    page.keyboard.press("Enter")
    page.wait_for_url("**/addresses/?address=*")
    choices = page.locator("input[name=address-choice]")
    assert choices.count() == 2
    page.get_by_label("2 bis Rue de la Halle, 36000 Villeneuve-du-Parvis (Vieux-Bourg)").check()
    page.get_by_role("button", name="Trouver").click()
    page.wait_for_url("**address-choice=36999_0010_00002_bis*")
    assert page.locator("#lookup-result + p a").inner_text() == "Vieux-Bourg"
