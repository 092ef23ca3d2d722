""" "Me too" without an account: asked with an e-mail address, counted once the e-mailed link
is followed, then the status e-mails (with their stop link); one per address and report;
the page cache, the purge and the erasure."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from parvis.reports import selectors
from parvis.reports.models import MeToo, ReportStatus
from parvis.reports.services import (
    report_change_status,
    report_me_too,
    report_me_too_by_email,
    report_me_too_confirm,
    report_me_too_stop,
    report_submit,
    reports_erased,
    reports_purge_unconfirmed,
)
from parvis.reports.tests.factories import LAT, LON, make_category, make_town

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(resident):
    make_town()
    return report_submit(
        category=make_category("odeur"), lat=LAT, lon=LON, description="Odeur d'égout.",
        extra={"intensity": 3, "smell": "égout"}, author=resident,
    )  # fmt: skip


def count(report):
    return selectors.report_for_page(reference=report.reference).me_too_count


def link(text, name):
    """The path of the `name` link (confirm, stop) in an e-mail's text."""
    return re.search(rf"https?://[^/\s]+(/reports/me-too/{name}/[^\s]+/)", text).group(1)


def test_an_e_mail_me_too_counts_once_its_link_is_followed(report, mailbox, run_tasks):
    assert report_me_too_by_email(report=report, email="Passant@Example.org") is True
    assert count(report) == 0
    run_tasks()
    (message,) = mailbox.to("Passant@Example.org")
    me_too = MeToo.objects.get()
    assert f"/reports/me-too/confirm/{me_too.token}/" in mailbox.text(message)
    assert report.reference in message["Subject"]

    assert report_me_too_confirm(token="wrong") is None
    assert report_me_too_confirm(token=me_too.token).pk == me_too.pk
    assert count(report) == 1
    # The link works once.
    assert report_me_too_confirm(token=me_too.token) is None


def test_one_per_address_whatever_its_case_and_nothing_sent_again(report, mailbox, run_tasks):
    assert report_me_too_by_email(report=report, email="passant@example.org") is True
    assert report_me_too_by_email(report=report, email="PASSANT@example.org") is False
    run_tasks()
    assert len(mailbox.messages) == 1
    assert MeToo.objects.count() == 1


def test_the_database_refuses_a_second_me_too_of_an_address_or_an_account(report, other_resident):
    MeToo.objects.create(report=report, email="a@example.org", token="t1")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeToo.objects.create(report=report, email="A@EXAMPLE.ORG", token="t2")
    MeToo.objects.create(report=report, user=other_resident, confirmed_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        MeToo.objects.create(report=report, user=other_resident, confirmed_at=timezone.now())
    # Someone: an account or an address, not both, not neither.
    with pytest.raises(IntegrityError), transaction.atomic():
        MeToo.objects.create(report=report)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeToo.objects.create(report=report, user=other_resident, email="b@example.org")


@pytest.mark.parametrize("email", ["", "not-an-address", "a@", "x" * 300 + "@example.org"])
def test_a_bad_address_is_refused_on_its_field_and_nothing_saved(report, email):
    with pytest.raises(ValidationError) as refused:
        report_me_too_by_email(report=report, email=email)
    assert list(refused.value.message_dict) == ["email"]
    assert MeToo.objects.count() == 0


def test_a_closed_report_takes_no_me_too(report, administrator):
    report_change_status(report=report, to_status=ReportStatus.CLOSED, actor=administrator)
    with pytest.raises(ValidationError):
        report_me_too_by_email(report=report, email="passant@example.org")
    assert MeToo.objects.count() == 0


ME_TOOS = ["visitor@example.org", "passant@example.org", "silent@example.org"]


def test_confirmed_addresses_hear_of_each_status_change_in_their_language_until_they_stop(
    report, administrator, mailbox, run_tasks
):
    with translation.override("en"):
        report_me_too_by_email(report=report, email="visitor@example.org")
    report_me_too_by_email(report=report, email="passant@example.org")
    report_me_too_by_email(report=report, email="silent@example.org")  # never confirmed
    for me_too in MeToo.objects.exclude(email="silent@example.org"):
        report_me_too_confirm(token=me_too.token)
    run_tasks()
    mailbox.clear()
    report_change_status(
        report=report, to_status=ReportStatus.IN_PROGRESS, actor=administrator, message="Demain."
    )
    run_tasks()
    # (The report's author, who has an account, hears of it through the notifications.)
    assert [len(mailbox.to(a)) for a in ME_TOOS] == [1, 1, 0]
    english = mailbox.text(mailbox.to("visitor@example.org")[0])
    french = mailbox.text(mailbox.to("passant@example.org")[0])
    assert "New status: in progress." in english and "Demain." in english
    assert "Nouveau statut\xa0: en cours." in french

    visitor = MeToo.objects.get(email="visitor@example.org")
    assert link(english, "stop") == f"/reports/me-too/stop/{visitor.token}/"
    assert report_me_too_stop(token=visitor.token) == visitor
    mailbox.clear()
    report_change_status(report=report, to_status=ReportStatus.FIXED, actor=administrator)
    run_tasks()
    assert [len(mailbox.to(a)) for a in ME_TOOS] == [0, 1, 0]


def test_the_reporter_without_an_account_who_also_says_me_too_gets_one_e_mail(
    administrator, mailbox, run_tasks
):
    make_town()
    report = report_submit(
        category=make_category("odeur"), lat=LAT, lon=LON, description="x",
        extra={"intensity": 3, "smell": "égout"}, email="passant@example.org",
    )  # fmt: skip
    from parvis.reports.services import report_confirm

    report_confirm(token=report.confirmation_token)
    report.refresh_from_db()
    report_me_too_by_email(report=report, email="PASSANT@example.org")
    report_me_too_confirm(token=MeToo.objects.get().token)
    run_tasks()
    mailbox.clear()
    report_change_status(report=report, to_status=ReportStatus.FIXED, actor=administrator)
    run_tasks()
    assert len(mailbox.messages) == 1


def test_unconfirmed_me_toos_go_with_the_purge(report, settings):
    settings.REPORT_UNCONFIRMED_DAYS = 7
    report_me_too_by_email(report=report, email="old@example.org")
    report_me_too_by_email(report=report, email="confirmed@example.org")
    report_me_too_by_email(report=report, email="recent@example.org")
    report_me_too_confirm(token=MeToo.objects.get(email="confirmed@example.org").token)
    MeToo.objects.exclude(email="recent@example.org").update(
        created_at=timezone.now() - timedelta(days=8)
    )
    reports_purge_unconfirmed()
    assert sorted(MeToo.objects.values_list("email", flat=True)) == [
        "confirmed@example.org",
        "recent@example.org",
    ]


def test_the_erasure_takes_a_person_s_me_toos_of_the_account_and_of_the_address(
    report, other_resident
):
    report_me_too(report=report, user=other_resident)
    report_me_too_by_email(report=report, email=other_resident.email.upper())
    report_me_too_by_email(report=report, email="someone-else@example.org")
    reports_erased(other_resident, erase_contributions=False)
    assert list(MeToo.objects.values_list("email", flat=True)) == ["someone-else@example.org"]


# --- the pages ---------------------------------------------------------------------------------


def test_the_page_offers_the_form_and_its_cached_copy_changes_only_when_confirmed(
    client, report, page_cache, mailbox, run_tasks
):
    url = report.get_absolute_url()
    first, again = client.get(url), client.get(url)
    assert (first["X-Parvis-Cache"], again["X-Parvis-Cache"]) == ("miss", "hit")
    assert f'href="/reports/{report.reference}/me-too/e-mail/"' in first.content.decode()
    assert "csrfmiddlewaretoken" not in first.content.decode()

    response = client.post(
        f"/reports/{report.reference}/me-too/e-mail/", {"email": "p@example.org"}
    )
    assert response.status_code == 302
    client.cookies.clear()  # the message's cookie
    asked = client.get(url)
    assert asked["X-Parvis-Cache"] == "hit"  # asked only: the same page

    run_tasks()
    path = link(mailbox.text(mailbox.to("p@example.org")[0]), "confirm")
    page = client.get(path)
    assert page.status_code == 200 and "Set-Cookie" not in page
    assert client.post(path).status_code == 302
    assert client.post(path).status_code == 404
    client.cookies.clear()
    fresh = client.get(url)
    assert fresh["X-Parvis-Cache"] == "miss"
    assert "1 personne l’a aussi vu." in fresh.content.decode()


def test_the_form_has_its_page_and_a_closed_report_s_page_says_so(client, report, administrator):
    url = f"/reports/{report.reference}/me-too/e-mail/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'action="{url}"' in html and 'name="email"' in html
    assert f'href="{report.get_absolute_url()}"' in html  # back to the report

    report_change_status(report=report, to_status=ReportStatus.CLOSED, actor=administrator)
    closed = client.get(url).content.decode()
    assert 'name="email"' not in closed
    assert "Ce signalement est clos" in closed
    assert client.get("/reports/NOSUCH/me-too/e-mail/").status_code == 404


def test_the_same_address_again_is_told_so(client, report):
    url = f"/reports/{report.reference}/me-too/e-mail/"
    client.post(url, {"email": "p@example.org"})
    response = client.post(url, {"email": "P@example.org"}, follow=True)
    assert "Cette adresse a déjà dit voir ce signalement" in response.content.decode()
    assert MeToo.objects.count() == 1


def test_a_bad_address_answers_400_with_the_message_next_to_the_field(client, report):
    response = client.post(
        f"/reports/{report.reference}/me-too/e-mail/", {"email": "not-an-address"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_email_error"' in html and "Saisissez une adresse de courriel valide." in html
    assert MeToo.objects.count() == 0


def test_the_e_mail_form_is_rate_limited(client, report, settings):
    url = f"/reports/{report.reference}/me-too/e-mail/"
    answers = [client.post(url, {"email": f"p{i}@example.org"}).status_code for i in range(121)]
    assert answers[:120] == [302] * 120 and answers[120] == 429


def test_the_stop_link_shows_a_button_then_stops(client, report):
    report_me_too_by_email(report=report, email="p@example.org")
    me_too = MeToo.objects.get()
    path = f"/reports/me-too/stop/{me_too.token}/"
    assert client.get(path).status_code == 404  # not confirmed yet
    report_me_too_confirm(token=me_too.token)
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    me_too.refresh_from_db()
    assert me_too.wants_emails is False


def test_the_address_is_never_on_the_page(client, report):
    report_me_too_by_email(report=report, email="secret-person@example.org")
    report_me_too_confirm(token=MeToo.objects.get().token)
    assert "secret-person" not in client.get(report.get_absolute_url()).content.decode()


def test_purging_an_unconfirmed_me_too_keeps_the_cached_page(client, report, page_cache, settings):
    settings.REPORT_UNCONFIRMED_DAYS = 7
    report_me_too_by_email(report=report, email="old@example.org")
    MeToo.objects.update(created_at=timezone.now() - timedelta(days=8))
    url = report.get_absolute_url()
    assert client.get(url)["X-Parvis-Cache"] == "miss"
    reports_purge_unconfirmed()
    assert MeToo.objects.count() == 0
    assert client.get(url)["X-Parvis-Cache"] == "hit"
