"""Every page type, in a real Chromium: zero axe-core WCAG 2.1 AA violations, and no
horizontal scrolling on a 320 px wide phone.

Pages are listed by who looks at them (a visitor, a signed-in resident, staff in the back
office). French is the default language; the main pages are also checked in English.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import (
    DESKTOP,
    at_path,
    axe_check,
    fits_phone_width,
    sign_in,
    text,
)

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    status: int = 200


VISITOR_PAGES = [
    PageType("home", "/"),
    PageType("spaces overview", "/spaces/"),
    PageType("spaces of a kind", "/spaces/kind/project/"),
    PageType("spaces of a kind, page 2", "/spaces/kind/project/?page=2"),
    PageType("space", "/spaces/vieux-bourg/"),
    PageType("space page", "/spaces/vieux-bourg/pages/histoire/"),
    PageType("search", "/search/"),
    PageType("search with results", "/search/?q=bourg"),
    PageType("search with no result", "/search/?q=introuvable"),
    PageType("legal notice", "/legal/notice/"),
    PageType("accessibility statement", "/legal/accessibility/"),
    PageType("personal data", "/legal/privacy/"),
    PageType("login", "/accounts/login/"),
    PageType("sign-up", "/accounts/signup/"),
    PageType("password reset", "/accounts/password/reset/"),
    PageType("verification sent", "/accounts/confirm-email/"),
    PageType("password reset sent", "/accounts/password/reset/done/"),
    PageType("account erased", "/accounts/deleted/"),
    PageType("not found", "/nowhere-to-be-found/", status=404),
]
ENGLISH_PAGES = [
    "home",
    "spaces overview",
    "spaces of a kind",
    "space",
    "space page",
    "search with results",
    "legal notice",
    "login",
    "sign-up",
    "not found",
]
RESIDENT_PAGES = [
    PageType("space, signed in", "/spaces/vieux-bourg/"),
    PageType("profile", "/accounts/profile/"),
    PageType("subscriptions", "/accounts/subscriptions/"),
    PageType("account deletion", "/accounts/delete/"),
    PageType("two-factor authentication", "/accounts/2fa/"),
    PageType("TOTP activation", "/accounts/2fa/totp/activate/"),
    PageType("e-mail addresses", "/accounts/email/"),
    PageType("password change", "/accounts/password/change/"),
    PageType("sign-out confirmation", "/accounts/logout/"),
    PageType("forbidden", "/backoffice/", status=403),
]
BACKOFFICE_PAGES = [
    PageType("back office", "/backoffice/"),
    PageType("back office list", "/backoffice/spaces/space/"),
    PageType("back office change form", "/backoffice/spaces/space/{space_pk}/change/"),
    PageType("back office add form", "/backoffice/spaces/spacepage/add/"),
]


def check_page(page: Page, path: str, *, status: int = 200, language: str = "fr") -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == language
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    fits_phone_width(page)


def english(path: str) -> str:
    return f"/en{path}"


@pytest.mark.parametrize("page_type", VISITOR_PAGES, ids=lambda p: p.name)
def test_page_for_visitors_is_accessible(page, town_content, page_type):
    check_page(page, page_type.path, status=page_type.status)


@pytest.mark.parametrize(
    "page_type",
    [p for p in VISITOR_PAGES if p.name in ENGLISH_PAGES],
    ids=lambda p: p.name,
)
def test_page_for_visitors_is_accessible_in_english(page, town_content, page_type):
    check_page(page, english(page_type.path), status=page_type.status, language="en")


@pytest.mark.parametrize("page_type", RESIDENT_PAGES, ids=lambda p: p.name)
def test_page_for_residents_is_accessible(page, town_content, resident, page_type):
    sign_in(page, resident)

    check_page(page, page_type.path, status=page_type.status)


def test_space_followed_by_a_resident_is_accessible(page, town_content, resident):
    """After following: the confirmation message, and the button to stop."""
    sign_in(page, resident)
    page.goto("/spaces/vieux-bourg/")
    with page.expect_navigation(url=at_path("/spaces/vieux-bourg/")):
        page.get_by_role("button", name=f"{text('Follow')} Vieux-Bourg").click()

    assert page.get_by_role("button", name=f"{text('Stop following')} Vieux-Bourg").is_visible()
    axe_check(page)
    check_page(page, "/accounts/subscriptions/")
    assert page.locator("main").get_by_role("link", name="Vieux-Bourg").is_visible()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_sign_up_form_with_errors_is_accessible(page, town_content, language):
    page.goto("/accounts/signup/" if language == "fr" else "/en/accounts/signup/")
    page.locator("#id_email").fill("not an address")
    page.locator("#id_password1").fill("short")
    page.locator("#id_password2").fill("other")
    with page.expect_navigation() as navigation:
        page.locator("main form.form button[type=submit]").click()

    assert navigation.value.status == 400
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".form-errors[role=alert]").is_visible()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    axe_check(page)
    fits_phone_width(page)


def test_page_for_residents_is_accessible_in_english(page, town_content, resident):
    sign_in(page, resident, language="en")

    check_page(page, "/en/accounts/profile/", language="en")
    check_page(page, "/en/spaces/vieux-bourg/", language="en")


@pytest.mark.parametrize("page_type", BACKOFFICE_PAGES, ids=lambda p: p.name)
def test_back_office_page_is_accessible(page, town_content, administrator, page_type):
    sign_in(page, administrator)

    check_page(page, page_type.path.format(space_pk=town_content.neighbourhood.pk))
