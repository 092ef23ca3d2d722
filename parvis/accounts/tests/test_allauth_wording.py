"""allauth's pages speak as the rest of the site: "Sign in", one spelling of e-mail.

Parvis re-says allauth's words in parvis/locale_libraries/ (checked in
parvis/core/tests/test_library_wording.py): these tests read the pages as a visitor does.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from parvis.core.tests.test_translations import _visible_texts

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "accounts/login/",
    "accounts/signup/",
    "accounts/password/reset/",
    "accounts/password/reset/done/",
    "accounts/confirm-email/",
    "accounts/inactive/",
    "accounts/3rdparty/login/cancelled/",
]
SIGNED_IN_PAGES = [
    "accounts/email/",
    "accounts/password/change/",
    "accounts/logout/",
    "accounts/reauthenticate/",
    "accounts/2fa/",
    "accounts/3rdparty/",
]


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def visible(client, prefix: str, pages: list[str]) -> dict[str, str]:
    return {
        page: " | ".join(_visible_texts(client.get(f"{prefix}/{page}").content.decode()))
        for page in pages
    }


def test_the_english_sign_in_page_says_sign_in_and_e_mail_address(client):
    page = soup(client.get("/en/accounts/login/"))

    assert page.select_one("h1").text.strip() == "Sign in"
    assert page.select_one("main button[type=submit]").text.strip() == "Sign in"
    assert page.select_one("label[for=id_login]").text.split("(")[0].strip() == "E-mail address"
    assert page.title.text.strip().startswith("Sign in")


def test_the_french_sign_in_page_says_se_connecter_and_adresse_electronique(client):
    page = soup(client.get("/accounts/login/"))

    assert page.select_one("h1").text.strip() == "Se connecter"
    assert page.select_one("main button[type=submit]").text.strip() == "Se connecter"
    label = page.select_one("label[for=id_login]").text.split("(")[0].strip()
    assert label == "Adresse électronique"


def test_no_account_page_shows_title_case_or_email_spelt_otherwise(client, resident):
    title_case = re.compile(r"\b(Sign (In|Up|Out)|Change Password|Password Reset|Email)\b")
    english = visible(client, "/en", ANONYMOUS_PAGES)
    french = visible(client, "", ANONYMOUS_PAGES)
    client.force_login(resident)
    english |= visible(client, "/en", SIGNED_IN_PAGES)
    french |= visible(client, "", SIGNED_IN_PAGES)

    assert {page: title_case.findall(text) for page, text in english.items()} == {
        page: [] for page in english
    }
    assert {page: re.findall(r"(?i)\be-?mails?\b", text) for page, text in french.items()} == {
        page: [] for page in french
    }
    assert (
        "Forgotten your password? Enter your e-mail address below"
        in english["accounts/password/reset/"]
    )
    assert "Indiquez votre adresse électronique ci-dessous" in french["accounts/password/reset/"]
