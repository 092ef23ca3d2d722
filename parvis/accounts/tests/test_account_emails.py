"""What the account e-mails say and where their links lead, received through the real SMTP
server: links on SITE_URL whatever host the request named, the address written out, no
e-mail to an address without an account."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from conftest import PASSWORD, Mailbox, make_user

SITE = "https://www.villeneuve-du-parvis.fr"
# Hosts the site answers to, besides its public one (a second name, an address and a port).
OTHER_HOST = "mairie-villeneuve.example:8443"
NEW_PASSWORD = "an-entirely-new-passphrase-77"


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["www.villeneuve-du-parvis.fr", "mairie-villeneuve.example"]


def links(mailbox: Mailbox) -> list[str]:
    """Every web address written in the messages received (text and HTML parts)."""
    found = []
    for message in mailbox.messages:
        for part in message.walk():
            if part.get_content_type() in ("text/plain", "text/html"):
                found += re.findall(r"https?://[^\s\"'<>]+", part.get_content())
    return found


def subject(message_id: str) -> str:
    with translation.override("fr"):
        return f"[Villeneuve-du-Parvis] {gettext(message_id)}"


@pytest.mark.django_db
def test_every_link_of_every_account_email_is_on_the_site_address(
    client, site, settings, mailbox, run_tasks
):
    resident = make_user("camille.resident@example.org")
    settings.ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True  # so that this e-mail is checked too
    host = {"HTTP_HOST": OTHER_HOST}
    # A sign-up (confirmation link), a sign-up with an address in use (sign-up and reset
    # links), a reset (its key), a reset for an unknown address (sign-up link) and a change
    # of address (confirmation link): every request names another host than the site's.
    client.post(
        "/accounts/signup/",
        {"email": "nouvelle@example.org", "password1": PASSWORD, "password2": PASSWORD},
        **host,
    )
    client.post(
        "/accounts/signup/",
        {"email": resident.email, "password1": PASSWORD, "password2": PASSWORD},
        **host,
    )
    client.post("/accounts/password/reset/", {"email": resident.email}, **host)
    client.post("/accounts/password/reset/", {"email": "inconnu@example.org"}, **host)
    client.force_login(resident)
    client.post("/accounts/email/", {"action_add": "", "email": "camille.2@example.org"}, **host)

    run_tasks()

    assert sorted((m["X-Envelope-To"], m["Subject"].strip()) for m in mailbox.messages) == sorted(
        [
            ("nouvelle@example.org", subject("Please Confirm Your Email Address")),
            (resident.email, subject("Account Already Exists")),
            (resident.email, subject("Password Reset Email")),
            ("inconnu@example.org", subject("Unknown Account")),
            ("camille.2@example.org", subject("Please Confirm Your Email Address")),
        ]
    )
    found = links(mailbox)
    assert len(found) == 5
    assert [link for link in found if not link.startswith(f"{SITE}/")] == []


@pytest.mark.django_db
def test_a_reset_asked_on_another_host_name_leads_to_the_site_and_works(
    client, site, mailbox, run_tasks
):
    resident = make_user("camille.resident@example.org")

    client.post("/accounts/password/reset/", {"email": resident.email}, HTTP_HOST=OTHER_HOST)
    run_tasks()

    (message,) = mailbox.to(resident.email)
    (link,) = re.findall(r"https?://\S+", mailbox.text(message))
    assert re.fullmatch(rf"{SITE}/accounts/password/reset/key/\w+-[\w-]+/", link), link
    form_page = client.get(link.removeprefix(SITE), HTTP_HOST="www.villeneuve-du-parvis.fr")
    assert form_page.status_code == 302
    done = client.post(
        form_page["Location"],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        HTTP_HOST="www.villeneuve-du-parvis.fr",
    )
    assert done.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_sends_nothing_and_answers_as_any_other(
    client, mailbox, run_tasks
):
    resident = make_user("camille.resident@example.org")

    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    known = client.post("/accounts/password/reset/", {"email": resident.email})
    run_tasks()

    assert (unknown.status_code, unknown["Location"]) == (302, "/accounts/password/reset/done/")
    assert (known.status_code, known["Location"]) == (302, "/accounts/password/reset/done/")
    assert [m["X-Envelope-To"] for m in mailbox.messages] == [resident.email]


@pytest.mark.django_db
def test_the_account_already_exists_email_writes_the_address_out(client, mailbox, run_tasks):
    resident = make_user("camille.resident@example.org")

    client.post(
        "/accounts/signup/",
        {"email": resident.email, "password1": PASSWORD, "password2": PASSWORD},
    )
    run_tasks()

    (message,) = mailbox.to(resident.email)
    text = mailbox.text(message).replace("\r\n", "\n")
    # allauth's text frames the address on a line of its own: it came out empty.
    assert f"\n\n{resident.email}\n\n" in text


@pytest.mark.django_db
def test_the_unknown_account_email_writes_the_address_out(client, settings, mailbox, run_tasks):
    settings.ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True

    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    run_tasks()

    (message,) = mailbox.to("nobody@example.org")
    text = mailbox.text(message)
    assert "nobody@example.org" in text
    assert " ." not in text  # "…an account with the address ." as it read before
