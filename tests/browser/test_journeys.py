"""Whole journeys through the real server, the real worker and the real SMTP server.

(a) a resident signs up, confirms their address from the e-mail, signs in, follows a space,
finds it in "What I follow" and signs out; (b) staff sign in with a password then a TOTP
code and reach the back office; (c) the same forms, with JavaScript turned off, and so
are following a tag and commenting an article.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, Mailbox, totp_code
from parvis.accounts.models import User
from parvis.comments.models import Comment
from parvis.notifications.models import Subscription
from tests.browser.conftest import at_path, axe_check, sign_in, text

pytestmark = pytest.mark.browser

NEW_EMAIL = "alex.nouveau@example.org"
NEW_PASSWORD = "a-long-and-new-passphrase-2024"
CONFIRM_LINK = re.compile(r"https?://[^\s/]+(/accounts/confirm-email/[^\s]+/)")


def submit(page: Page, form: str = "main form.form") -> int:
    """Press the form's submit button and wait for the answer; its HTTP status."""
    with page.expect_navigation() as navigation:
        page.locator(f"{form} button[type=submit]:not([form])").first.click()
    response = navigation.value
    assert response is not None
    return response.status


def sign_up(page: Page, email: str, password: str) -> None:
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    assert submit(page) == 200
    assert urlsplit(page.url).path == "/accounts/confirm-email/"
    assert page.locator("h1").inner_text() == text("Verify Your Email Address")


def confirm_from_mail(page: Page, mailbox: Mailbox, run_tasks, email: str) -> None:
    assert mailbox.to(email) == []  # queued with the sign-up, sent by the worker
    run_tasks()
    (message,) = mailbox.to(email)
    match = CONFIRM_LINK.search(mailbox.text(message))
    assert match is not None, mailbox.text(message)
    page.goto(match.group(1))
    assert submit(page) == 200  # the page asks to confirm with a button (no change on GET)
    assert urlsplit(page.url).path == "/accounts/login/"
    assert page.locator(".messages").inner_text() == text("You have confirmed %(email)s.") % {
        "email": email
    }


def log_in(page: Page, email: str, password: str) -> None:
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    assert submit(page) == 200


def test_resident_signs_up_confirms_follows_a_space_and_signs_out(
    page, town_content, mailbox, run_tasks
):
    page.goto("/")
    page.get_by_role("link", name=text("Create an account")).click()
    page.wait_for_url(at_path("/accounts/signup/"))
    sign_up(page, NEW_EMAIL, NEW_PASSWORD)

    confirm_from_mail(page, mailbox, run_tasks, NEW_EMAIL)
    log_in(page, NEW_EMAIL, NEW_PASSWORD)

    assert urlsplit(page.url).path == "/"
    nav = page.get_by_role("navigation", name=text("Main menu"))
    nav.get_by_role("link", name=text("Neighbourhoods and projects")).click()
    page.get_by_role("link", name="Vieux-Bourg", exact=True).click()
    page.wait_for_url(at_path("/spaces/vieux-bourg/"))
    with page.expect_navigation(url=at_path("/spaces/vieux-bourg/")):
        page.get_by_role("button", name=f"{text('Follow')} Vieux-Bourg").click()
    assert page.locator(".messages").inner_text() == text(
        "You now follow %(what)s. You can stop at any time."
    ) % {"what": "Vieux-Bourg"}

    nav.get_by_role("link", name=text("My account")).click()
    page.get_by_role("link", name=text("What I follow")).click()
    page.wait_for_url(at_path("/accounts/subscriptions/"))
    assert page.locator("main .subscription-list a").all_inner_texts() == ["Vieux-Bourg"]
    axe_check(page)

    with page.expect_navigation():
        nav.get_by_role("button", name=text("Sign out")).click()
    assert urlsplit(page.url).path == "/"
    expect(nav.get_by_role("link", name=text("Sign in"))).to_be_visible()
    page.goto("/accounts/subscriptions/")
    assert urlsplit(page.url).path == "/accounts/login/"
    user = User.objects.get(email=NEW_EMAIL)
    assert user.emailaddress_set.get().verified is True
    assert [s.target for s in Subscription.objects.filter(user=user)] == [
        town_content.neighbourhood
    ]


def test_staff_sign_in_with_password_and_totp_code_reaches_the_back_office(page, administrator):
    page.goto("/backoffice/")
    assert urlsplit(page.url).path == "/accounts/login/"

    log_in(page, administrator.email, PASSWORD)

    assert urlsplit(page.url).path == "/accounts/2fa/authenticate/"
    axe_check(page)
    code = totp_code(administrator)
    page.locator("#id_code").fill(f"{(int(code) + 1) % 1_000_000:06d}")  # a wrong code
    assert submit(page) == 400
    assert urlsplit(page.url).path == "/accounts/2fa/authenticate/"
    expect(page.locator("#id_code")).to_have_attribute("aria-invalid", "true")
    axe_check(page)

    page.locator("#id_code").fill(code)
    assert submit(page) == 200

    assert urlsplit(page.url).path == "/backoffice/"
    assert page.locator("h1").inner_text() == text("Back office")
    expect(page.get_by_role("link", name=text("View the public site"))).to_be_visible()


def test_forms_work_without_javascript(new_page, town_content, mailbox, run_tasks):
    page = new_page(java_script_enabled=False)
    page.goto("/accounts/signup/")
    page.locator("#id_email").fill("not an address")
    assert submit(page) == 400
    summary = page.locator(".form-errors[role=alert]")
    expect(summary).to_be_visible()
    expect(summary).not_to_be_focused()  # parvis.js did not run: JavaScript really is off
    expect(summary.get_by_role("link")).to_have_count(3)  # e-mail and both passwords
    expect(page.locator("#id_email")).to_have_value("not an address")

    sign_up(page, NEW_EMAIL, NEW_PASSWORD)
    confirm_from_mail(page, mailbox, run_tasks, NEW_EMAIL)
    page.goto("/accounts/login/?next=/spaces/vieux-bourg/")
    log_in(page, NEW_EMAIL, NEW_PASSWORD)
    assert urlsplit(page.url).path == "/spaces/vieux-bourg/"

    assert submit(page, "main form[action$='/follow/']") == 200
    user = User.objects.get(email=NEW_EMAIL)
    assert Subscription.objects.filter(user=user).count() == 1
    assert submit(page, "main form[action$='/unfollow/']") == 200
    assert Subscription.objects.filter(user=user).count() == 0
    expect(page.get_by_role("button", name=f"{text('Follow')} Vieux-Bourg")).to_be_visible()

    assert submit(page, "header form[action$='/logout/']") == 200
    assert urlsplit(page.url).path == "/"
    expect(page.get_by_role("link", name=text("Sign in"), exact=True)).to_be_visible()


def test_following_a_tag_and_commenting_an_article_work_without_javascript(
    new_page, town_content, resident
):
    page = new_page(java_script_enabled=False)
    sign_in(page, resident)

    page.goto("/tags/travaux/")
    follow = "main .follow-button form"
    expect(page.locator(f"{follow} button")).to_have_text(f"{text('Follow')} Travaux")
    assert submit(page, follow) == 200
    assert urlsplit(page.url).path == "/tags/travaux/"
    assert [s.target for s in Subscription.objects.filter(user=resident)] == [town_content.tag]
    expect(page.locator(f"{follow} button")).to_have_text(f"{text('Stop following')} Travaux")

    page.goto("/news/new-library/")
    page.locator("#comment-form textarea").fill("Will there be a children's corner?")
    assert submit(page, "#comment-form") == 200

    assert urlsplit(page.url).path == "/news/new-library/"
    comment = Comment.objects.get(author=resident)
    assert comment.target == town_content.article
    assert comment.is_visible
    expect(page.locator(f"#{comment.anchor}")).to_contain_text("Will there be a children's corner?")
    expect(page.locator(".messages")).to_have_text(text("Your comment is published."))
