"""The report pages: the two-step form without JavaScript, bad input (400, the message next to
its field, nothing saved), the public page and the list, their query counts, and the page
cache after a change of status."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.reports.models import Report, ReportPhoto, ReportStatus
from parvis.reports.services import report_change_status, report_me_too, report_submit
from parvis.reports.tests.factories import LAT, LON, make_category, make_town, north_of, png_file

pytestmark = pytest.mark.django_db

NEW = "/reports/new/"


@pytest.fixture
def odour():
    make_town()
    return make_category("odeur")


def details(**overrides):
    data = {
        "category": "odeur",
        "lat": str(LAT),
        "lon": str(LON),
        "description": "Odeur d'égout.",
        "x_intensity": "3",
        "x_smell": "égout",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def png_upload(name="p.png"):
    return SimpleUploadedFile(name, png_file().read(), content_type="image/png")


def test_step_one_then_two_shows_the_open_reports_nearby(client, odour, resident):
    earlier = report_submit(
        category=odour, lat=north_of(30), lon=LON, description="Déjà vu.",
        extra={"intensity": 2, "smell": "égout"}, author=resident,
    )  # fmt: skip
    assert client.get(NEW).status_code == 200
    page = client.get(NEW, {"category": "odeur", "lat": str(LAT), "lon": str(LON)})
    assert page.status_code == 200
    html = page.content.decode()
    assert earlier.get_absolute_url() in html
    assert 'name="x_intensity"' in html and 'name="x_smell"' in html


def test_a_signed_in_resident_submits_with_photos(client, odour, resident):
    client.force_login(resident)
    response = client.post(NEW, details(photos=[png_upload("a.png"), png_upload("b.png")]))
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert (report.status, report.extra) == (ReportStatus.OPEN, {"intensity": 3, "smell": "égout"})
    assert ReportPhoto.objects.filter(report=report).count() == 2


def test_without_an_account_the_page_says_to_check_the_e_mail(client, odour):
    response = client.post(NEW, details(email="passant@example.org"))
    assert response.status_code == 200
    assert "passant@example.org" in response.content.decode()
    assert Report.objects.get().status == ReportStatus.UNCONFIRMED


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"lat": "46.95"}, "lat", "Ce lieu est hors de la commune."),
        ({"lat": "NaN"}, "lat", "Donnez la position par une latitude et une longitude en degrés."),
        ({"x_intensity": "9"}, "x_intensity", "Donnez un nombre de 1 à 5."),
        ({"x_smell": "roses"}, "x_smell", "Sélectionnez un choix valide."),
        ({"photos": "not-an-image"}, "photos", "Ce fichier n’est pas une image"),
        ({"photos": "four"}, "photos", "3 photos au plus."),
    ],
)
def test_bad_input_answers_400_with_the_message_next_to_the_field(
    client, odour, resident, overrides, field, message
):
    client.force_login(resident)
    if overrides.get("photos") == "not-an-image":
        overrides["photos"] = [SimpleUploadedFile("x.png", b"%PDF-1.4 nothing", "image/png")]
    elif overrides.get("photos") == "four":
        overrides["photos"] = [png_upload(f"{i}.png") for i in range(4)]
    response = client.post(NEW, details(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error' in html or f'id="{field}-error' in html or message in html
    assert message in html
    assert Report.objects.count() == 0 and ReportPhoto.objects.count() == 0


def test_the_confirmation_link_shows_a_button_then_publishes(client, odour):
    report = report_submit(
        category=odour, lat=LAT, lon=LON, description="x",
        extra={"intensity": 1, "smell": "brûlé"}, email="p@example.org",
    )  # fmt: skip
    url = f"/reports/confirm/{report.confirmation_token}/"
    assert client.get(url).status_code == 200
    assert Report.objects.get().status == ReportStatus.UNCONFIRMED
    assert client.get(report.get_absolute_url()).status_code == 404
    response = client.post(url)
    assert response.status_code == 302
    assert Report.objects.get().status == ReportStatus.OPEN
    assert client.post(url).status_code == 404


def test_the_public_page_hides_the_author_when_asked(
    client, odour, resident, other_resident, administrator
):
    report = report_submit(
        category=odour, lat=LAT, lon=LON, description="Ça sent.",
        extra={"intensity": 5, "smell": "chimique"}, author=resident, hide_author=True,
    )  # fmt: skip
    report_me_too(report=report, user=other_resident)
    report_change_status(
        report=report, to_status=ReportStatus.ACKNOWLEDGED, actor=administrator,
        message="Le service est prévenu.",
    )  # fmt: skip
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Camille" not in html
    assert "Le service est prévenu." in html
    assert "1 personne l’a aussi vu." in html
    assert '"@type":"Report"' in html.replace(" ", "")
    assert 'property="og:type" content="article"' in html


def _add_reports(category, author, count):
    Report.objects.bulk_create(
        Report(category=category, lat=LAT, lon=LON, description=f"R {i}", author=author,
               reference=f"R{Report.objects.count() + i:08d}")
        for i in range(count)
    )  # fmt: skip


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_the_list_and_a_report_cost_the_same_queries_at_10_and_1000(client, odour, resident):
    _add_reports(odour, resident, 10)
    one = Report.objects.first()
    urls = ["/reports/", "/reports/?category=odeur&status=open", one.get_absolute_url()]
    for url in urls:
        queries_for(client, url)  # warm
    small = [queries_for(client, url) for url in urls]
    _add_reports(odour, resident, 990)
    large = [queries_for(client, url) for url in urls]
    assert small == large


def test_a_status_change_makes_the_report_page_fresh_in_the_page_cache(
    client, odour, resident, administrator, page_cache
):
    report = report_submit(
        category=odour, lat=LAT, lon=LON, description="x",
        extra={"intensity": 1, "smell": "brûlé"}, author=resident,
    )  # fmt: skip
    url = report.get_absolute_url()
    first, again = client.get(url), client.get(url)
    assert (first["X-Parvis-Cache"], again["X-Parvis-Cache"]) == ("miss", "hit")
    report_change_status(
        report=report, to_status=ReportStatus.FIXED, actor=administrator, message="Réparé."
    )
    fresh = client.get(url)
    assert fresh["X-Parvis-Cache"] == "miss"
    assert "Réparé." in fresh.content.decode()


def test_a_photo_loses_its_gps_position_and_is_resized(client, odour, resident):
    from PIL import Image

    from parvis.core.tests.images import photo_with_gps

    client.force_login(resident)
    big = SimpleUploadedFile("gps.jpg", photo_with_gps(width=3000, height=1500), "image/jpeg")
    assert client.post(NEW, details(photos=[big])).status_code == 302
    stored = ReportPhoto.objects.get().image
    with Image.open(stored.open("rb")) as image:
        # Turned upright by its EXIF orientation, then its longer side brought to 2,000.
        assert sorted(image.size) == [1000, 2000]
        assert not image.getexif()
