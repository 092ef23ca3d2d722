"""The family space with the keyboard alone, in a real Chromium: a guardian opens a month of
their child's canteen days, ticks one, saves; pays an invoice through the test backend;
each page of the family space passes axe."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from parvis.family.models import Booking, InvoiceStatus
from parvis.family.tests.factories import (
    make_canteen,
    make_child,
    make_household,
    make_invoice,
    make_registration,
)
from tests.browser.conftest import axe_check, sign_in
from tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def test_a_guardian_books_a_day_with_the_keyboard_alone(page, town_content, resident):
    household = make_household("Famille Martin", resident)
    registration = make_registration(make_child(household, "Lou"), make_canteen())
    month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).replace(day=1)
    sign_in(page, resident)

    for path in (
        "/accounts/profile/",
        "/family/",
        f"/family/children/{registration.child_id}/register/",
        f"/family/households/{household.pk}/quotient/",
    ):
        page.goto(path)
        axe_check(page)

    page.goto("/family/")
    tab_to(page, f'a[href="/family/registrations/{registration.pk}/days/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, 'a[rel="next"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"?month={month:%Y-%m}")
    axe_check(page)

    first = page.locator("#days input[name=day]").first
    day = datetime.date.fromisoformat(first.get_attribute("value"))
    tab_to(page, f"#day-{day.isoformat()}")
    page.keyboard.press("Space")
    tab_to(page, "#days button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator(f"#day-{day.isoformat()}").is_checked()
    assert list(Booking.objects.values_list("day", flat=True)) == [day]
    axe_check(page)


def test_a_guardian_pays_an_invoice_with_the_keyboard_alone(page, town_content, resident):
    household = make_household("Famille Martin", resident)
    invoice = make_invoice(household, child=make_child(household, "Lou"))
    sign_in(page, resident)
    page.goto("/family/invoices/")
    axe_check(page)
    tab_to(page, f'a[href="/family/invoices/{invoice.pk}/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)

    tab_to(page, f'form[action="/family/invoices/{invoice.pk}/pay/"] button')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/payments/test-provider/" in page.url
    axe_check(page)
    tab_to(page, "button[value=pay]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "/payments/return/" in page.url
    assert "8,70" in page.locator("main").inner_text()
    axe_check(page)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_how) == (InvoiceStatus.PAID, "online")


def test_a_provider_paid_by_form_is_reached_with_a_button(page, town_content, resident, settings):
    # SystemPay's page is reached by posting its form: the departure page's button does it,
    # without JavaScript. (Not pressed here: the provider is not on this machine.)
    settings.PAYMENT_BACKEND = "systempayv2"
    settings.PAYMENT_OPTIONS = {"vads_site_id": "12345678", "secret_test": "k"}
    household = make_household("Famille Martin", resident)
    invoice = make_invoice(household, child=make_child(household, "Lou"))
    sign_in(page, resident)
    page.goto(f"/family/invoices/{invoice.pk}/")
    tab_to(page, f'form[action="/family/invoices/{invoice.pk}/pay/"] button')
    with page.expect_navigation():
        page.keyboard.press("Enter")

    form = page.locator("main form")
    assert form.get_attribute("action") == "https://paiement.systempay.fr/vads-payment/"
    assert form.locator('input[name="vads_amount"]').get_attribute("value") == "870"
    axe_check(page)
