"""Open311 GeoReport v2 through a client written from the specification
(tests/open311_client) against a live server, and through Django's client for what HTTP
headers and query counts show. Expected values are written by hand."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parvis.open311 import services as key_services
from parvis.open311.models import ApiKey
from parvis.reports import services as report_services
from parvis.reports.models import Report, ReportPhoto, ReportStatus, StatusChange
from parvis.reports.tests.factories import NOISE_FIELDS, make_category, make_town
from tests.open311_client import Client, Open311Error

pytestmark = pytest.mark.django_db
FORMATS = ["json", "xml"]


@pytest.fixture
def town(settings):
    settings.OPEN311_JURISDICTION_ID = "ville.example"
    make_town()
    odour = make_category("odeur", name="Odeur", description="Une odeur")
    noise = make_category("bruit", name="Bruit", fields=NOISE_FIELDS)
    return {"odour": odour, "noise": noise}


def _report(category, *, reference, status=ReportStatus.OPEN, days_ago=1, **values):
    return Report.objects.create(
        category=category,
        reference=reference,
        lat=46.81,
        lon=1.69,
        description=values.pop("description", "Ça sent"),
        email="secret.person@example.org",
        hide_author=False,
        status=status,
        created_at=timezone.now() - timedelta(days=days_ago),
        **values,
    )


@pytest.fixture
def api_key(town):
    __, raw = key_services.api_key_create(name="App mobile")
    return raw


def client_for(live_server, fmt, **kwargs):
    return Client(root=f"{live_server.url}/open311/v2", fmt=fmt, **kwargs)


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_and_definitions_through_the_client(live_server, town, fmt):
    client = client_for(live_server, fmt, jurisdiction_id="ville.example")
    services = client.services()
    assert [s["service_code"] for s in services] == ["bruit", "odeur"]
    assert services[1]["service_name"] == "Odeur"
    assert str(services[1]["metadata"]).lower() == "true"
    definition = client.service_definition("odeur")
    assert definition["service_code"] == "odeur"
    intensity, smell, duration = definition["attributes"]
    assert intensity["code"] == "intensity"
    assert intensity["datatype"] == "number"
    assert intensity["datatype_description"] == "Un nombre entier de 1 à 5."
    assert str(intensity["required"]).lower() == "true"
    assert str(intensity["order"]) == "1"
    assert intensity["description"] == "Intensité"
    assert smell["datatype"] == "singlevaluelist"
    assert smell["values"] == [
        {"key": "égout", "name": "égout"},
        {"key": "brûlé", "name": "brûlé"},
        {"key": "chimique", "name": "chimique"},
    ]
    assert duration["datatype"] == "text"
    assert client.service_definition("bruit")["attributes"][1]["datatype"] == "string"
    assert client.discovery()["endpoints"][0]["formats"] == ["application/json", "text/xml"]
    with pytest.raises(Open311Error) as error:
        client.service_definition("inconnu")
    assert error.value.status == 404
    assert error.value.errors[0]["description"] == "service_code introuvable."
    wrong = client_for(live_server, fmt, jurisdiction_id="autre.example")
    with pytest.raises(Open311Error) as error:
        wrong.services()
    assert error.value.status == 404
    assert error.value.errors[0]["description"] == "jurisdiction_id introuvable."


@pytest.mark.parametrize("fmt", FORMATS)
def test_request_lists_filters_and_privacy(live_server, town, fmt):
    odour, noise = town["odour"], town["noise"]
    _report(odour, reference="AAAA000001", days_ago=1, address_text="1 rue de la Halle")
    _report(odour, reference="AAAA000002", status=ReportStatus.FIXED, days_ago=2)
    _report(noise, reference="AAAA000003", status=ReportStatus.IN_PROGRESS, days_ago=3)
    _report(noise, reference="AAAA000004", days_ago=200)
    _report(odour, reference="AAAA000005", status=ReportStatus.UNCONFIRMED, days_ago=1)
    client = client_for(live_server, fmt)

    def ids(**filters):
        return [r["service_request_id"] for r in client.requests(**filters)]

    assert ids() == ["AAAA000001", "AAAA000002", "AAAA000003"]
    assert ids(status="open") == ["AAAA000001", "AAAA000003"]
    assert ids(status="closed") == ["AAAA000002"]
    assert ids(service_code="bruit") == ["AAAA000003"]
    assert ids(service_code="bruit,odeur", status="open") == ["AAAA000001", "AAAA000003"]
    start = (timezone.now() - timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (timezone.now() - timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(start_date=start, end_date=end) == ["AAAA000004"]
    assert ids(service_request_id="AAAA000004,AAAA000002,AAAA000005") == [
        "AAAA000002",
        "AAAA000004",
    ]
    one = client.request("AAAA000001")
    assert one["status"] == "open"
    assert one["address"] == "1 rue de la Halle"
    assert float(one["lat"]) == 46.81 and float(one["long"]) == 1.69
    assert one["service_code"] == "odeur"
    body = json.dumps(client.requests())
    assert "secret.person" not in body and "example.org" not in body
    for bad, message in [
        ({"status": "pending"}, "status doit valoir open ou closed."),
        ({"service_code": "inconnu"}, "service_code introuvable : inconnu."),
        (
            {"start_date": "hier"},
            "start_date doit être une date et heure W3C comme 2026-01-31T10:00:00Z.",
        ),
        ({"start_date": end, "end_date": start}, "start_date doit précéder end_date."),
        ({"page": "0"}, "page doit être un nombre de 1 à 100."),
    ]:
        with pytest.raises(Open311Error) as error:
            client.requests(**bad)
        assert error.value.status == 400
        assert error.value.errors == [
            {"code": 400 if fmt == "json" else "400", "description": message}
        ]
    for hidden in ("AAAA000005", "NOSUCH"):
        with pytest.raises(Open311Error) as error:
            client.request(hidden)
        assert error.value.status == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_posting_a_request_answers_a_token_until_confirmed(
    live_server, town, api_key, mailbox, fmt
):
    client = client_for(live_server, fmt, api_key=api_key)
    answer = client.post_request(
        service_code="odeur",
        lat="46.811",
        long="1.691",
        description="Odeur d'égout <près> & du marché",
        email="habitante@example.org",
        first_name="Jeanne",
        attributes={"intensity": "4", "smell": "égout"},
    )
    token = answer["token"]
    assert "service_request_id" not in answer
    report = Report.objects.get()
    assert report.status == ReportStatus.UNCONFIRMED
    assert report.extra == {"intensity": 4, "smell": "égout"}
    assert report.description == "Odeur d'égout <près> & du marché"
    assert report.hide_author is True
    assert "service_request_id" not in client.token(token)
    assert client.requests() == []
    report_services.report_confirm(token=report.confirmation_token)
    assert client.token(token)["service_request_id"] == report.reference
    listed = client.requests()
    assert [r["description"] for r in listed] == ["Odeur d'égout <près> & du marché"]
    with pytest.raises(Open311Error) as error:
        client.token("1:forged")
    assert error.value.status == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_posting_refuses_bad_input_and_saves_nothing(live_server, town, api_key, fmt):
    client = client_for(live_server, fmt, api_key=api_key)
    good = {
        "service_code": "odeur",
        "lat": "46.811",
        "long": "1.691",
        "description": "Odeur",
        "email": "habitante@example.org",
    }
    attributes = {"intensity": "4", "smell": "égout"}
    cases = [
        ({}, {"api_key": "wrong"}, 403, ["api_key manque, est inconnue ou n’est plus active."]),
        ({}, {"service_code": ""}, 400, ["service_code est obligatoire."]),
        ({}, {"service_code": "inconnu"}, 400, ["service_code introuvable."]),
        ({}, {"lat": "", "long": ""}, 400, ["Indiquez le lieu : lat et long, ou address_string."]),
        ({}, {"lat": "nan"}, 400, ["lat et long doivent être des nombres en degrés."]),
        (
            {},
            {"lat": "95"},
            400,
            ["lat: Donnez la position par une latitude et une longitude en degrés."],
        ),
        ({}, {"lat": "48.85", "long": "2.35"}, 400, ["lat: Ce lieu est hors de la commune."]),
        ({"colour": "red"}, {}, 400, ["attribute[colour] n’est pas un attribut de ce service."]),
        ({"intensity": "9"}, {}, 400, ["attribute[intensity]: Donnez un nombre de 1 à 5."]),
        ({"smell": "rose"}, {}, 400, ["attribute[smell]: Choisissez l’une des options proposées."]),
        ({}, {"email": "pas-une-adresse"}, 400, ["email n’est pas une adresse e-mail."]),
        ({}, {"jurisdiction_id": "autre"}, 404, ["jurisdiction_id introuvable."]),
    ]
    for extra_attributes, changes, status, descriptions in cases:
        fields = {**good, **changes}
        if "api_key" in changes:
            client.api_key = changes.pop("api_key")
            fields.pop("api_key")
        with pytest.raises(Open311Error) as error:
            client.post_request(attributes={**attributes, **extra_attributes}, **fields)
        client.api_key = api_key
        assert error.value.status == status, changes
        assert [e["description"] for e in error.value.errors] == descriptions
    assert not Report.objects.exists()


def test_unknown_format_and_no_cookie_no_csrf(client, town, api_key):
    response = client.get("/open311/v2/services.yaml")
    assert response.status_code == 400
    assert response.json() == [
        {"code": 400, "description": "Format « yaml » inconnu : utilisez json ou xml."}
    ]
    for url in (
        "/open311/v2/services.json",
        "/open311/v2/requests.xml",
        "/open311/v2/discovery.json",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
    from django.test import Client as DjangoClient

    strict = DjangoClient(enforce_csrf_checks=True)
    response = strict.post(
        "/open311/v2/requests.json",
        {
            "api_key": api_key,
            "service_code": "bruit",
            "lat": "46.81",
            "long": "1.69",
            "description": "Musique",
            "email": "a@example.org",
            "attribute[kind]": "musique",
        },
    )
    assert response.status_code == 201
    assert not response.cookies
    assert ApiKey.objects.get().last_used_at is not None


def test_xml_is_escaped(client, town):
    _report(town["odour"], reference="BBBB000001", description="<b>&</b>\"'")
    response = client.get("/open311/v2/requests.xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own server's answer)
    assert root.tag == "service_requests"
    assert root.find("request/description").text == "<b>&</b>\"'"
    assert b"<b>" not in response.content


@pytest.mark.parametrize("fmt", FORMATS)
def test_dates_are_the_towns_local_time_to_the_second(client, town, fmt):
    # Summer time when it was made, winter time (and the next day in Paris) when it changed.
    report = _report(town["odour"], reference="EEEE000001")
    Report.objects.filter(pk=report.pk).update(
        created_at=datetime(2026, 7, 14, 8, 30, 5, 700000, tzinfo=UTC),
        updated_at=datetime(2026, 1, 10, 23, 59, 59, 999999, tzinfo=UTC),
    )
    start = "start_date=2026-07-01T00:00:00Z&end_date=2026-08-01T00:00:00Z"
    for url in (
        f"/open311/v2/requests.{fmt}?{start}",
        f"/open311/v2/requests/EEEE000001.{fmt}",
    ):
        content = client.get(url).content
        if fmt == "json":
            (item,) = json.loads(content)
            dates = item["requested_datetime"], item["updated_datetime"]
        else:
            item = ET.fromstring(content).find("request")  # noqa: S314 (our own answer)
            dates = item.find("requested_datetime").text, item.find("updated_datetime").text
        assert dates == ("2026-07-14T10:30:05+02:00", "2026-01-11T00:59:59+01:00")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_last_public_message_and_the_first_photo(client, town, settings, fmt):
    settings.SITE_URL = "https://ville.example"
    told = _report(town["odour"], reference="FFFF000001", status=ReportStatus.IN_PROGRESS)
    _report(town["odour"], reference="FFFF000002", days_ago=2)
    moments = [timezone.now() - timedelta(hours=hours) for hours in (5, 3)]
    for moment, (before, after, message) in zip(
        moments,
        [
            ("open", "acknowledged", "Vu, merci."),
            ("acknowledged", "in_progress", "Équipe sur place."),
        ],
        strict=True,
    ):
        StatusChange.objects.create(
            report=told, from_status=before, to_status=after, message=message, created_at=moment
        )
    ReportPhoto.objects.create(report=told, image="reports/photos/second.jpg", position=1)
    ReportPhoto.objects.create(report=told, image="reports/photos/first.jpg", position=0)
    content = client.get(f"/open311/v2/requests.{fmt}").content
    if fmt == "json":
        items = [
            (item["service_request_id"], item["status_notes"], item["media_url"])
            for item in json.loads(content)
        ]
    else:
        items = [
            tuple(
                item.findtext(name) or ""
                for name in ("service_request_id", "status_notes", "media_url")
            )
            for item in ET.fromstring(content).findall("request")  # noqa: S314 (our own answer)
        ]
    assert items == [
        ("FFFF000001", "Équipe sur place.", "https://ville.example/media/reports/photos/first.jpg"),
        ("FFFF000002", "", ""),
    ]


def test_lists_come_from_the_page_cache_until_a_report_changes(client, town, page_cache):
    report = _report(town["odour"], reference="CCCC000001")
    url = "/open311/v2/requests.json?status=open&service_code=odeur"
    assert client.get(url)["X-Parvis-Cache"] == "miss"
    assert client.get(url)["X-Parvis-Cache"] == "hit"
    Report.objects.filter(pk=report.pk)  # reading moves nothing
    assert client.get(url)["X-Parvis-Cache"] == "hit"
    report.description = "Changé"
    report.save()
    response = client.get(url)
    assert response["X-Parvis-Cache"] == "miss"
    assert response.json()[0]["description"] == "Changé"


def test_query_count_does_not_grow_with_the_reports(client, town):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/open311/v2/requests.json?service_code=odeur")
        assert response.status_code == 200
        return len(queries), len(response.json())

    for n in range(10):
        _report(town["odour"], reference=f"DDDD{n:06d}")
    few = count()
    for n in range(10, 60):
        _report(town["odour"], reference=f"DDDD{n:06d}")
    many = count()
    assert (few[1], many[1]) == (10, 60)
    assert few[0] == many[0]


def test_posting_is_rate_limited_per_key(client, town, api_key):
    data = {"api_key": api_key, "service_code": "inconnu"}
    statuses = [client.post("/open311/v2/requests.json", data).status_code for __ in range(31)]
    assert statuses == [400] * 30 + [429]
    __, other = key_services.api_key_create(name="Autre")
    assert client.post("/open311/v2/requests.json", {**data, "api_key": other}).status_code == 400


def test_an_inactive_key_is_refused(client, town, api_key):
    ApiKey.objects.update(is_active=False)
    response = client.post("/open311/v2/requests.xml", {"api_key": api_key})
    assert response.status_code == 403
    assert b"<errors><error><code>403</code>" in response.content
