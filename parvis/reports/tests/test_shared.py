"""What reports bring to the shared mechanisms: the map (its layer, the pin of the form and of
a report's page), the department's e-mail, moderation, search, open data, the space page's
section, the feed, the purge of unconfirmed reports and the erasure of an account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from parvis.core import maps
from parvis.core.datasets import dataset_rows
from parvis.core.models import AuditEntry
from parvis.moderation.services import contribution_hide
from parvis.reports import selectors
from parvis.reports.models import Report, ReportPhoto, ReportStatus
from parvis.reports.services import (
    report_change_status,
    report_confirm,
    report_submit,
    reports_erased,
    reports_purge_unconfirmed,
)
from parvis.reports.tests.factories import LAT, LON, make_category, make_town, north_of, png_file
from parvis.search.models import SearchDocument

pytestmark = pytest.mark.django_db

EXTRA = {"intensity": "3", "smell": "égout"}
MAP = "/map/reports/"
#: A box around the whole test town, at zoom 13.
BOX = {"bbox": "1.67,46.79,1.71,46.83", "zoom": "13"}


@pytest.fixture
def town():
    return make_town()


@pytest.fixture
def odour(town):
    return make_category("odeur", department_email="environnement@mairie.example")


def submit(category, **values):
    values = {
        "category": category, "lat": LAT, "lon": LON, "description": "Odeur d'égout.",
        "extra": EXTRA, **values,
    }  # fmt: skip
    return report_submit(**values)


def reports_documents():
    return SearchDocument.objects.filter(kind="report").count()


def points(client):
    response = client.get(MAP, BOX)
    assert response.status_code == 200
    return [f["properties"]["url"] for f in response.json()["features"]]


# --- the map --------------------------------------------------------------------------------------


def test_the_map_shows_public_reports_only(client, odour, resident):
    public = submit(odour, author=resident)
    submit(odour, email="passant@example.org", lat=north_of(100))
    assert points(client) == [public.get_absolute_url()]
    html = client.get(reverse("reports:list")).content.decode()
    assert f'data-map-features="{MAP}"' in html
    # The map's list alternative: the report's card, for readers without JavaScript.
    assert public.get_absolute_url() in html
    # Filtered, the page shows the matching cards without the map.
    filtered = client.get(reverse("reports:list"), {"status": "open"}).content.decode()
    assert "data-map-features" not in filtered and public.get_absolute_url() in filtered


def test_the_form_has_a_pin_filling_latitude_and_longitude_and_the_page_shows_the_place(
    client, odour, resident
):
    html = client.get(reverse("reports:new")).content.decode()
    assert 'data-pin-lat="id_lat" data-pin-lon="id_lon"' in html
    assert 'id="id_lat"' in html and 'id="id_lon"' in html
    assert "parvis/js/pin.js" in html
    # The address stays the way without JavaScript.
    assert 'name="address"' in html
    report = submit(odour, author=resident, lat=46.8123456, lon=1.6912345)
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'data-pin-at="46.8123456,1.6912345"' in page
    assert "46.812346" in page and "1.691235" in page  # written, for everyone


def test_reports_have_the_position_index():
    indexes = {tuple(index.fields) for index in Report._meta.indexes}
    assert ("lat", "lon") in indexes


# --- the department's e-mail, the reporter's language --------------------------------------------


def test_the_department_hears_of_a_report_published_by_a_signed_in_resident(
    odour, resident, mailbox, run_tasks
):
    report = submit(odour, author=resident)
    run_tasks()
    (message,) = mailbox.to("environnement@mairie.example")
    text = mailbox.text(message)
    assert f"/backoffice/reports/report/{report.pk}/change/" in text
    assert report.get_absolute_url() in text
    assert report.reference in message["Subject"]


def test_the_department_hears_only_once_the_report_is_confirmed(odour, mailbox, run_tasks):
    report = submit(odour, email="passant@example.org")
    run_tasks()
    assert mailbox.to("environnement@mairie.example") == []
    report_confirm(token=report.confirmation_token)
    run_tasks()
    assert len(mailbox.to("environnement@mairie.example")) == 1


def test_a_category_without_department_sends_nothing_more(town, resident, mailbox, run_tasks):
    submit(make_category("bruit", fields=[]), author=resident, extra={})
    run_tasks()
    assert mailbox.messages == []


def test_the_status_e_mail_speaks_the_language_the_report_was_written_in(
    odour, administrator, mailbox, run_tasks
):
    with translation.override("en"):
        report = submit(odour, email="visitor@example.org")
    report_confirm(token=report.confirmation_token)
    run_tasks()
    mailbox.clear()
    # The officer works in French; the visitor wrote in English.
    report_change_status(
        report=report, to_status=ReportStatus.IN_PROGRESS, actor=administrator,
        message="Une équipe passe demain.",
    )  # fmt: skip
    run_tasks()
    (message,) = mailbox.to("visitor@example.org")
    text = mailbox.text(message)
    assert "New status: in progress." in text
    assert "Une équipe passe demain." in text
    assert message["Subject"].endswith(": in progress")


def test_a_french_reporter_gets_it_in_french(odour, administrator, mailbox, run_tasks):
    report = submit(odour, email="passant@example.org")
    report_confirm(token=report.confirmation_token)
    run_tasks()
    mailbox.clear()
    with translation.override("en"):
        report_change_status(
            report=report, to_status=ReportStatus.IN_PROGRESS, actor=administrator,
            message="Demain.",
        )  # fmt: skip
    run_tasks()
    text = mailbox.text(mailbox.to("passant@example.org")[0])
    assert "Nouveau statut\xa0: en cours." in text and "Demain." in text


# --- moderation, search, open data ---------------------------------------------------------------


def test_a_hidden_report_leaves_every_public_place(client, odour, resident, moderator, page_cache):
    report = submit(odour, author=resident)
    url = report.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(reverse("reports:list"))["X-Parvis-Cache"] == "miss"
    assert client.get(reverse("reports:list"))["X-Parvis-Cache"] == "hit"
    assert reports_documents() == 1
    contribution_hide(obj=report, moderator=moderator, reason="Un nom de voisin.")
    assert client.get(url).status_code == 404
    listing = client.get(reverse("reports:list"))
    assert listing["X-Parvis-Cache"] == "miss" and url not in listing.content.decode()
    assert points(client) == []
    assert list(selectors.public_reports()) == []
    assert reports_documents() == 0
    assert dataset_rows("reports") == []


def test_the_search_finds_public_reports_only(odour, resident):
    submit(odour, email="passant@example.org")
    assert reports_documents() == 0
    report = submit(odour, author=resident, address_text="12 rue de la Gare")
    (document,) = SearchDocument.objects.filter(kind="report")
    assert report.reference in document.title
    assert "12 rue de la Gare" in document.text


def test_the_open_data_has_no_author_and_no_e_mail(odour, resident):
    confirmed = submit(odour, email="passant@example.org", lat=north_of(100))
    report_confirm(token=confirmed.confirmation_token)
    submit(odour, author=resident, hide_author=True)
    rows = dataset_rows("reports")
    assert len(rows) == 2
    assert set(rows[0]) == {
        "reference", "category", "status", "latitude", "longitude", "address",
        "description", "created_at", "updated_at",
    }  # fmt: skip
    flat = repr(rows)
    assert "passant@example.org" not in flat and resident.email not in flat


# --- the space's page, the feed -------------------------------------------------------------------


def test_the_space_page_lists_its_latest_reports(client, town, odour, resident):
    inside = submit(odour, author=resident)
    html = client.get(town.get_absolute_url()).content.decode()
    assert inside.get_absolute_url() in html


def test_the_space_section_and_the_feed_cost_the_same_queries_at_10_and_200(
    client, town, odour, resident, monkeypatch
):
    # The map asks again whether cells were counted after CELLS_RECHECK seconds: on a slow
    # machine that moment fell between two counts (one query more, by the clock alone).
    monkeypatch.setattr(maps, "CELLS_RECHECK", 3600.0)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n):
        Report.objects.bulk_create(
            Report(category=odour, lat=LAT, lon=LON, description="x", author=resident)
            for _ in range(n)
        )

    urls = [town.get_absolute_url(), "/reports/feed/rss/", f"{MAP}?bbox={BOX['bbox']}&zoom=13"]
    add(10)
    for url in urls:
        count(url)
    small = [count(url) for url in urls]
    add(190)
    assert [count(url) for url in urls] == small


def test_the_feed_lists_new_public_reports(client, odour, resident):
    report = submit(odour, author=resident)
    submit(odour, email="passant@example.org", lat=north_of(100))
    body = client.get("/reports/feed/rss/").content.decode()
    assert body.count("<item>") == 1 and report.reference in body
    assert "passant@example.org" not in body


# --- the purge, the erasure ------------------------------------------------------------------------


def test_unconfirmed_reports_older_than_a_week_are_purged(
    odour, resident, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_UNCONFIRMED_DAYS = 7
    old = submit(odour, email="a@example.org", photos=[png_file()])
    recent = submit(odour, email="b@example.org", lat=north_of(100))
    published = submit(odour, author=resident, lat=north_of(200))
    Report.objects.filter(pk__in=[old.pk, published.pk]).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    photo = ReportPhoto.objects.get().image
    storage, name = photo.storage, photo.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert reports_purge_unconfirmed() == 1
    assert set(Report.objects.values_list("pk", flat=True)) == {recent.pk, published.pk}
    assert not storage.exists(name)
    assert AuditEntry.objects.filter(action="report.purge").count() == 1
    assert reports_purge_unconfirmed() == 0


def test_an_erased_account_s_reports_stay_nameless_or_go(odour, resident, other_resident):
    kept = submit(odour, author=resident)
    gone = submit(odour, author=other_resident, lat=north_of(100))
    reports_erased(resident, erase_contributions=False)
    reports_erased(other_resident, erase_contributions=True)
    kept.refresh_from_db()
    assert (kept.author_id, kept.hide_author) == (None, True)
    assert not Report.objects.filter(pk=gone.pk).exists()
    assert reports_documents() == 1


def test_a_new_report_reaches_the_space_page_kept_in_the_caches(
    client, town, odour, resident, page_cache, fragment_cache
):
    url = town.get_absolute_url()
    assert client.get(url)["X-Parvis-Cache"] == "miss"
    assert client.get(url)["X-Parvis-Cache"] == "hit"
    report = submit(odour, author=resident)
    fresh = client.get(url)
    assert fresh["X-Parvis-Cache"] == "miss"
    assert report.get_absolute_url() in fresh.content.decode()
