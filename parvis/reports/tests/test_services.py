"""The services of reports: submitting with or without an account, confirming, changing a
status (locked, notified), "me too", and the open reports nearby."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_tasks_db.models import DBTaskResult

from parvis.core.models import AuditEntry
from parvis.notifications.models import Notification, Subscription
from parvis.reports import selectors
from parvis.reports.models import MeToo, Report, ReportStatus, StatusChange
from parvis.reports.services import (
    TransitionRefused,
    report_change_status,
    report_confirm,
    report_me_too,
    report_submit,
)
from parvis.reports.tests.factories import LAT, LON, make_category, make_town, north_of

pytestmark = pytest.mark.django_db

GOOD_EXTRA = {"intensity": "4", "smell": "égout"}


@pytest.fixture
def town():
    return make_town()


@pytest.fixture
def odour(town):
    return make_category("odeur")


def submit(category, **overrides):
    values = {
        "category": category,
        "lat": LAT,
        "lon": LON,
        "description": "Odeur d'égout devant l'école.",
        "extra": GOOD_EXTRA,
    }
    values.update(overrides)
    return report_submit(**values)


def queued_tasks(name: str) -> int:
    return DBTaskResult.objects.filter(task_path__endswith=name).count()


def test_a_signed_in_resident_s_report_is_open_at_once_and_followed_by_them(odour, resident):
    report = submit(odour, author=resident)
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN
    assert report.extra == {"intensity": 4, "smell": "égout"}
    assert report.email == ""
    assert Subscription.objects.filter(user=resident).count() == 1
    assert list(selectors.public_reports()) == [report]
    assert AuditEntry.objects.filter(action="report.submit", target_id=str(report.pk)).count() == 1


def test_without_an_account_the_report_waits_for_the_e_mail_link(odour, mailbox, run_tasks):
    report = submit(odour, email="passant@example.org")
    assert report.status == ReportStatus.UNCONFIRMED
    assert list(selectors.public_reports()) == []
    run_tasks()
    (message,) = mailbox.to("passant@example.org")
    assert len(mailbox.messages) == 1
    assert f"/reports/confirm/{report.confirmation_token}/" in mailbox.text(message)

    assert report_confirm(token="wrong") is None
    confirmed = report_confirm(token=report.confirmation_token)
    assert confirmed is not None and confirmed.pk == report.pk
    report.refresh_from_db()
    assert (report.status, report.confirmation_token) == (ReportStatus.OPEN, "")
    # The link works once.
    assert report_confirm(token=confirmed.confirmation_token) is None
    assert report_confirm(token="") is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"lat": 46.90}, "position"),  # about 9 km north: outside the town
        ({"lat": float("nan")}, "position"),
        ({"lon": "inf"}, "position"),
        ({"lat": "quarante-six"}, "position"),
        ({"extra": {"intensity": "6", "smell": "égout"}}, "intensity"),
        ({"extra": {"intensity": "2.5", "smell": "égout"}}, "intensity"),
        ({"extra": {"smell": "égout"}}, "intensity"),
        ({"extra": {"intensity": "3", "smell": "roses"}}, "smell"),
        ({"description": "   "}, "description"),
        ({"email": ""}, "email"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_saved(odour, overrides, field):
    values = {"email": "passant@example.org", **overrides}
    with pytest.raises(ValidationError) as refused:
        submit(odour, **values)
    assert field in refused.value.message_dict
    assert Report.objects.count() == 0


def test_an_inactive_category_takes_no_report(town, resident):
    closed = make_category("ancien", is_active=False)
    with pytest.raises(ValidationError) as refused:
        submit(closed, author=resident)
    assert list(refused.value.message_dict) == ["category"]


def test_duplicates_are_the_same_category_within_50_m_still_open(odour, resident):
    at_49 = submit(odour, author=resident, lat=north_of(49))
    submit(odour, author=resident, lat=north_of(51))
    noise = make_category("bruit", fields=[])
    submit(noise, author=resident, lat=north_of(10), extra={})
    fixed = submit(odour, author=resident, lat=north_of(20))
    report_change_status(report=fixed, to_status=ReportStatus.FIXED, actor=resident)

    assert selectors.possible_duplicates(category=odour, lat=LAT, lon=LON) == [at_49]


def test_duplicates_take_one_query_whatever_the_number_of_reports(
    odour, resident, django_assert_num_queries
):
    for metres in (5, 30, 45, 60, 200):
        submit(odour, author=resident, lat=north_of(metres))
    with django_assert_num_queries(1):
        found = selectors.possible_duplicates(category=odour, lat=LAT, lon=LON)
    assert [round((r.lat - LAT) * 111_194.93) for r in found] == [5, 30, 45]


def test_a_status_change_is_recorded_with_its_message_and_notifies_followers(
    odour, resident, other_resident, administrator
):
    report = submit(odour, author=resident)
    assert report_me_too(report=report, user=other_resident) is True
    change = report_change_status(
        report=report,
        to_status=ReportStatus.IN_PROGRESS,
        actor=administrator,
        message="Une équipe passe jeudi.",
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_PROGRESS
    assert list(StatusChange.objects.values_list("from_status", "to_status", "message")) == [
        ("open", "in_progress", "Une équipe passe jeudi.")
    ]
    notification = Notification.objects.get()
    assert (notification.kind, notification.key) == (
        "reports.status_changed",
        f"reports.status:{change.pk}",
    )
    assert queued_tasks("notification_fan_out") == 1
    assert AuditEntry.objects.filter(action="report.status").count() == 1


def test_the_reporter_without_an_account_hears_of_the_change_by_e_mail(
    odour, administrator, mailbox, run_tasks
):
    report = submit(odour, email="passant@example.org")
    report_confirm(token=report.confirmation_token)
    run_tasks()
    mailbox.clear()
    report_change_status(
        report=report, to_status=ReportStatus.FIXED, actor=administrator, message="Réparé."
    )
    run_tasks()
    (message,) = mailbox.messages
    assert message["X-Envelope-To"] == "passant@example.org"
    assert "Réparé." in mailbox.text(message)


def test_transitions_refused_change_nothing(odour, resident, administrator):
    report = submit(odour, author=resident)
    report_change_status(report=report, to_status=ReportStatus.CLOSED, actor=administrator)
    with pytest.raises(TransitionRefused):
        report_change_status(report=report, to_status=ReportStatus.FIXED, actor=administrator)
    # Closed → open is allowed (reopened).
    report_change_status(report=report, to_status=ReportStatus.OPEN, actor=administrator)
    assert list(StatusChange.objects.values_list("to_status", flat=True)) == ["closed", "open"]

    unconfirmed = submit(odour, email="x@example.org")
    with pytest.raises(TransitionRefused):
        report_change_status(report=unconfirmed, to_status=ReportStatus.OPEN, actor=administrator)


def test_the_status_is_checked_again_under_the_lock(odour, resident, administrator):
    report = submit(odour, author=resident)
    stale = Report.objects.get(pk=report.pk)
    report_change_status(report=report, to_status=ReportStatus.FIXED, actor=administrator)
    # `stale` still says open; the service reads the row again and refuses fixed → fixed.
    with pytest.raises(TransitionRefused):
        report_change_status(report=stale, to_status=ReportStatus.FIXED, actor=administrator)
    assert StatusChange.objects.count() == 1


def test_a_duplicate_names_the_report_it_duplicates(odour, resident, administrator):
    first = submit(odour, author=resident)
    second = submit(odour, author=resident, lat=north_of(10))
    with pytest.raises(ValidationError) as refused:
        report_change_status(report=second, to_status=ReportStatus.DUPLICATE, actor=administrator)
    assert list(refused.value.message_dict) == ["duplicate_of"]
    report_change_status(
        report=second, to_status=ReportStatus.DUPLICATE, actor=administrator, duplicate_of=first
    )
    second.refresh_from_db()
    assert (second.status, second.duplicate_of_id) == (ReportStatus.DUPLICATE, first.pk)


def test_me_too_counts_each_person_once_and_not_the_author(odour, resident, other_resident):
    report = submit(odour, author=resident)
    assert report_me_too(report=report, user=other_resident) is True
    assert report_me_too(report=report, user=other_resident) is False
    with pytest.raises(ValidationError):
        report_me_too(report=report, user=resident)
    assert MeToo.objects.count() == 1
