"""The back office of reports: a status changes through the service, with its public message."""

from __future__ import annotations

import pytest

from parvis.accounts.tests.helpers import sign_in
from parvis.notifications.models import Notification
from parvis.reports.models import Category, ReportStatus, StatusChange
from parvis.reports.services import report_submit
from parvis.reports.tests.factories import LAT, LON, make_category, make_town

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(resident):
    make_town()
    return report_submit(
        category=make_category("odeur"),
        lat=LAT,
        lon=LON,
        description="Ça sent.",
        extra={"intensity": 2, "smell": "brûlé"},
        author=resident,
    )


def test_the_change_page_moves_the_status_with_a_public_message(client, administrator, report):
    sign_in(client, administrator)
    url = f"/backoffice/reports/report/{report.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "new_status": "acknowledged",
            "message": "Transmis au service.",
            "duplicate_of": "",
            "changes-TOTAL_FORMS": "0",
            "changes-INITIAL_FORMS": "0",
            "changes-MIN_NUM_FORMS": "0",
            "changes-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACKNOWLEDGED
    change = StatusChange.objects.get()
    assert (change.message, change.actor_id) == ("Transmis au service.", administrator.pk)
    assert Notification.objects.filter(kind="reports.status_changed").count() == 1


def test_the_list_action_goes_through_the_service(client, administrator, report):
    sign_in(client, administrator)
    response = client.post(
        "/backoffice/reports/report/",
        {"action": "mark_fixed", "_selected_action": [report.pk]},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.FIXED
    assert list(StatusChange.objects.values_list("from_status", "to_status")) == [("open", "fixed")]


def test_a_category_s_extra_fields_are_checked_when_saved(client, administrator):
    sign_in(client, administrator)
    response = client.post(
        "/backoffice/reports/category/add/",
        {
            "name": "Bruit",
            "slug": "bruit",
            "is_active": "on",
            "extra_fields": '[{"key": "Volume!", "label": "Volume", "kind": "integer"}]',
        },
    )
    assert response.status_code == 400
    assert (
        "Champ supplémentaire 1\u00a0: sa clé doit être faite de minuscules"
        in response.content.decode()
    )
    assert Category.objects.count() == 0
