"""An address typed without being confirmed belongs to nobody.

Anyone can type anyone's address: as a change of address on their own account, or to sign
up. Such a claim blocks nobody (the owner of the mailbox signs up, or changes to it, all
the same), never receives a reset link, and the confirmation asked of the mailbox names
nobody. Whoever confirms the address holds it; the other unconfirmed claims are dropped.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from conftest import PASSWORD, make_user
from parvis.accounts.models import User
from parvis.accounts.tests.helpers import confirmation_paths
from parvis.core.tests.concurrency import race_report

VICTIM = "victime@example.org"
VICTIMS_PASSWORD = "the-owners-own-passphrase-31"


def subject(message_id: str) -> str:
    with translation.override("fr"):
        return f"[Villeneuve-du-Parvis] {gettext(message_id)}"


def sign_up(client: Client, email: str, password: str):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": password, "password2": password}
    )


def signs_in(email: str, password: str) -> int | None:
    """The account a fresh browser is signed in to with these credentials, if any."""
    client = Client()
    client.post("/accounts/login/", {"login": email, "password": password})
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


@pytest.fixture
def squatted(client, resident, mailbox, run_tasks):
    """The resident typed the victim's address as a change of address, never confirmed."""
    client.force_login(resident)
    assert client.post("/accounts/email/", {"action_add": "", "email": VICTIM}).status_code == 302
    client.logout()
    run_tasks()
    squatters_links = confirmation_paths(mailbox, VICTIM)
    mailbox.clear()
    cache.clear()  # the three minutes between two confirmation e-mails to one address pass
    return squatters_links


@pytest.mark.django_db
def test_an_address_someone_added_without_confirming_does_not_block_its_owners_sign_up(
    client, resident, squatted, mailbox, run_tasks
):
    response = sign_up(client, VICTIM, VICTIMS_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    owner = User.objects.get(email=VICTIM)
    run_tasks()
    (message,) = mailbox.to(VICTIM)
    assert message["Subject"].strip() == subject("Please Confirm Your Email Address")
    (own_link,) = confirmation_paths(mailbox, VICTIM)
    assert client.post(own_link).status_code == 302

    assert EmailAddress.objects.get(email=VICTIM, verified=True).user == owner
    # The squatter's claim is gone, and so is the use of the link they had sent.
    assert not EmailAddress.objects.filter(user=resident, email=VICTIM).exists()
    (squatters_link,) = squatted
    client.post(squatters_link)
    resident.refresh_from_db()
    assert resident.email == "camille.resident@example.org"
    assert signs_in(VICTIM, VICTIMS_PASSWORD) == owner.pk


@pytest.mark.django_db
def test_a_reset_never_goes_to_an_address_added_without_confirming_it(
    client, resident, squatted, mailbox, run_tasks
):
    response = client.post("/accounts/password/reset/", {"email": VICTIM})

    # Answered as any reset; the link into the squatter's account is never sent.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    run_tasks()
    assert mailbox.messages == []
    # The squatter's own, confirmed address still gets its reset.
    client.post("/accounts/password/reset/", {"email": resident.email})
    run_tasks()
    (message,) = mailbox.to(resident.email)
    assert message["Subject"].strip() == subject("Password Reset Email")


@pytest.mark.django_db
def test_someone_elses_sign_up_with_ones_address_blocks_nobody(mailbox, run_tasks):
    squatter, owner = Client(), Client()
    assert sign_up(squatter, VICTIM, "the-squatters-passphrase-8").status_code == 302

    response = sign_up(owner, VICTIM, VICTIMS_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    (account,) = User.objects.filter(email=VICTIM)
    run_tasks()
    # One e-mail (a second within three minutes is not sent); its link confirms the account,
    # which now has the password of the latest sign-up.
    (link,) = confirmation_paths(mailbox, VICTIM)
    assert owner.post(link).status_code == 302
    assert EmailAddress.objects.get(email=VICTIM).verified is True
    assert signs_in(VICTIM, VICTIMS_PASSWORD) == account.pk
    assert signs_in(VICTIM, "the-squatters-passphrase-8") is None


@pytest.mark.django_db
def test_a_change_to_an_address_someone_signed_up_with_unconfirmed_succeeds(
    client, resident, mailbox, run_tasks
):
    assert sign_up(Client(), VICTIM, "the-squatters-passphrase-8").status_code == 302
    squatter = User.objects.get(email=VICTIM)
    cache.clear()
    client.force_login(resident)
    client.post("/accounts/email/", {"action_add": "", "email": VICTIM})
    run_tasks()
    signup_link, change_link = confirmation_paths(mailbox, VICTIM)

    response = client.post(change_link)

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.email == VICTIM
    assert list(EmailAddress.objects.filter(email=VICTIM).values_list("user", "verified")) == [
        (resident.pk, True)
    ]
    # The account that sign-up made held nothing: it is gone, its link with it.
    assert not User.objects.filter(pk=squatter.pk).exists()
    Client().post(signup_link)
    assert EmailAddress.objects.get(email=VICTIM).user == resident


@pytest.mark.django_db
def test_the_confirmation_asked_of_a_mailbox_does_not_name_who_asked(
    client, resident, mailbox, run_tasks
):
    client.force_login(resident)
    client.post("/accounts/email/", {"action_add": "", "email": VICTIM})
    client.logout()
    run_tasks()

    (message,) = mailbox.to(VICTIM)
    text = mailbox.text(message)
    (link,) = confirmation_paths(mailbox, VICTIM)
    page = Client().get(link)
    # (allauth also answered in JSON, to anyone asking for it, with the account's address.)
    as_json = Client().get(link, HTTP_ACCEPT="application/json")
    as_script = Client().get(link, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert page.status_code == 200
    for shown in (
        text,
        page.content.decode(),
        as_json.content.decode(),
        as_script.content.decode(),
    ):
        assert resident.email not in shown
        assert "camille" not in shown.lower()
    assert VICTIM in page.content.decode()
    assert as_json["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_an_account_in_use_keeps_its_sign_in_address_even_unconfirmed(client, mailbox, run_tasks):
    # An account that has been used (here, an address that lost its confirmation) is not
    # a pending sign-up: a sign-up with its address creates nothing and tells its owner.
    user = make_user(VICTIM)
    EmailAddress.objects.filter(user=user).update(verified=False)
    User.objects.filter(pk=user.pk).update(last_login="2026-01-05T10:00:00Z")

    response = sign_up(client, VICTIM, VICTIMS_PASSWORD)

    assert response.status_code == 302
    assert list(User.objects.filter(email=VICTIM)) == [user]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    run_tasks()
    (message,) = mailbox.to(VICTIM)
    assert message["Subject"].strip() == subject("Account Already Exists")


@pytest.mark.django_db(transaction=True)
def test_two_accounts_confirming_one_address_at_once_leave_it_to_one():
    report = race_report("confirm_email_at_once")

    # The first to confirm is sent on to their account. The other, by the time they check,
    # either finds the address taken (302, with a message) or their link no longer valid
    # (404): which one depends on the timing, and either way the address goes to one.
    assert report.pop("statuses") in (["302", "302"], ["302", "404"])
    assert report == {
        "verified": 1,
        "rows": 1,
        "accounts_signing_in_with_it": 1,
    }


@pytest.mark.django_db(transaction=True)
def test_one_sign_up_sent_three_times_at_once_makes_one_account():
    report = race_report("sign_up_at_once")

    assert report == {"statuses": ["302", "302", "302"], "accounts": 1, "rows": 1}
