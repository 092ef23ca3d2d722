"""The directory's pages: the list and its filters, an entry's page (open now, the week,
JSON-LD), the map's answers, "near me", the exports; their query counts at 10 and 200
entries; the page cache ending when what a page shows changes, by an edit or by the clock."""

from __future__ import annotations

import csv
import io
import json
import time as time_module
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parvis.addresses.services import addresses_import
from parvis.core import maps
from parvis.directory.models import Entry, Revision
from parvis.directory.services import entry_save
from parvis.directory.tests.factories import (
    LAT,
    LON,
    make_category,
    make_entries,
    make_entry,
    make_town,
)

pytestmark = pytest.mark.django_db

# Friday 4 December 2026, 10:00 in Paris.
FRIDAY_10 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """The clock of the views and of the page cache, set by the test."""
    now = {"moment": FRIDAY_10}
    monkeypatch.setattr(timezone, "now", lambda: now["moment"])
    monkeypatch.setattr(time_module, "time", lambda: now["moment"].timestamp())
    return now


@pytest.fixture
def town():
    make_town()
    return make_category()


def queries(client, url):
    # Each count from the same start: nothing a request before (in this test or another
    # one of this process) left behind, such as the map's cells asked for already or what
    # this process knows of them (kept a few seconds while the generations do not move).
    cache.clear()
    maps.forget_cells()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/directory/",
        "/directory/?open=1",
        "/directory/service-0001/",
        "/directory/service-0001/history/",
        "/map/directory/?bbox=1.68,46.80,1.70,46.82&zoom=14",
        "/map/directory/?bbox=1.60,46.70,1.80,46.90&zoom=11",
    ],
)
def test_query_counts_do_not_grow_with_the_number_of_entries(client, town, url, clock):
    make_entries(town, 10)
    few = queries(client, url)
    Entry.objects.all().delete()
    make_entries(town, 200)
    assert queries(client, url) == few


def test_the_list_filters_by_category_and_open_now(client, town, clock):
    school = make_category("ecole")
    make_entry(town, 1, name="Mairie annexe")
    make_entry(school, 2, name="École du centre", opening_hours="Sa 09:00-12:00")
    html = client.get("/directory/").content.decode()
    assert "Mairie annexe" in html and "École du centre" in html
    html = client.get("/directory/?category=ecole").content.decode()
    assert "Mairie annexe" not in html and "École du centre" in html
    html = client.get("/directory/?open=1").content.decode()
    assert "Mairie annexe" in html and "École du centre" not in html


def test_an_entry_page_says_open_now_shows_the_week_and_describes_itself(client, town, clock):
    make_entry(town, 1, name="Mairie", phone="02 54 00 00 00", website="https://mairie.example")
    response = client.get("/en/directory/service-0001/")
    html = response.content.decode()
    assert "Open now" in html
    assert "08:30–12:00, 13:30–17:00" in html
    assert 'property="og:type" content="place"' in html
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "GovernmentOffice"
    assert data["openingHours"] == "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00"
    assert data["telephone"] == "02 54 00 00 00"
    assert data["geo"]["latitude"] == pytest.approx(LAT + 1e-5)
    clock["moment"] = datetime(2026, 12, 4, 11, 30, tzinfo=UTC)
    assert "Closed now" in client.get("/en/directory/service-0001/").content.decode()


def test_an_unpublished_entry_is_not_found(client, town):
    make_entry(town, 1, published=False)
    assert client.get("/directory/service-0001/").status_code == 404


def test_the_cached_entry_page_ends_when_its_open_state_changes(client, town, page_cache, clock):
    clock["moment"] = datetime(2026, 12, 4, 10, 59, tzinfo=UTC)  # 11:59 in Paris
    make_entry(town, 1)
    first = client.get("/en/directory/service-0001/")
    again = client.get("/en/directory/service-0001/")
    assert (first["X-Parvis-Cache"], again["X-Parvis-Cache"]) == ("miss", "hit")
    assert "Open now" in again.content.decode()
    clock["moment"] = datetime(2026, 12, 4, 11, 1, tzinfo=UTC)  # 12:01: closed for lunch
    later = client.get("/en/directory/service-0001/")
    assert later["X-Parvis-Cache"] == "miss"
    assert "Closed now" in later.content.decode()


def test_the_open_now_list_ends_when_any_entry_changes_state(client, town, page_cache, clock):
    clock["moment"] = datetime(2026, 12, 4, 10, 59, tzinfo=UTC)
    make_entry(town, 1, name="Mairie annexe")
    assert client.get("/directory/?open=1")["X-Parvis-Cache"] == "miss"
    assert client.get("/directory/?open=1")["X-Parvis-Cache"] == "hit"
    clock["moment"] = datetime(2026, 12, 4, 11, 1, tzinfo=UTC)
    later = client.get("/directory/?open=1")
    assert later["X-Parvis-Cache"] == "miss"
    assert "Mairie annexe" not in later.content.decode()


def test_an_edit_makes_that_entry_page_fresh_and_not_another(
    client, town, page_cache, clock, administrator
):
    entry = make_entry(town, 1)
    make_entry(town, 2)
    for url in ("/directory/service-0001/", "/directory/service-0002/"):
        client.get(url)
    entry.phone = "02 54 11 11 11"
    entry_save(entry=entry, actor=administrator)
    fresh = client.get("/directory/service-0001/")
    assert fresh["X-Parvis-Cache"] == "miss" and "02 54 11 11 11" in fresh.content.decode()
    assert client.get("/directory/service-0002/")["X-Parvis-Cache"] == "hit"
    history = client.get("/directory/service-0001/history/").content.decode()
    assert "02 54 11 11 11" in history
    assert Revision.objects.get().field == "phone"


def test_the_map_answers_points_then_clusters(client, town):
    make_entries(town, 300)
    near = client.get("/map/directory/?bbox=1.690,46.810,1.692,46.812&zoom=18").json()
    assert {f["properties"]["kind"] for f in near["features"]} == {"point"}
    wide = client.get("/map/directory/?bbox=1.60,46.70,1.80,46.90&zoom=11").json()
    assert sum(f["properties"]["count"] for f in wide["features"]) == 300
    bad = client.get("/map/directory/?bbox=nan,46.70,1.80,46.90&zoom=11")
    assert bad.status_code == 400


def test_the_map_page_has_the_list_alternative(client, town):
    make_entry(town, 1, name="Mairie annexe")
    html = client.get("/directory/map/").content.decode()
    assert "Mairie annexe" in html and "/map/directory/" in html


@pytest.fixture
def addresses():
    addresses_import(
        lines=[
            "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat\n",
            "36999_0010_00001;1;;Rue de la Halle;36000;36999;Villeneuve-du-Parvis;1.6900;46.8100\n",
            "36999_0010_00009;9;;Route du Loin;36000;36999;Villeneuve-du-Parvis;9.0000;40.0000\n",
        ]
    )


def test_near_an_address_lists_the_nearest_first_within_the_radius(client, town, addresses):
    make_entry(town, 1, name="Far", lat=LAT + 0.008, lon=LON)  # about 890 m north
    make_entry(town, 2, name="Near", lat=LAT + 0.001, lon=LON)  # about 110 m
    make_entry(town, 3, name="Too far", lat=LAT + 0.03, lon=LON)  # about 3.3 km
    response = client.get("/directory/near/", {"address": "1 Rue de la Halle", "radius": "1000"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Near") < html.index("Far") and "Too far" not in html
    assert "no-cache" in response["Cache-Control"]


def test_near_an_address_outside_the_town_or_unknown_is_refused_next_to_the_field(
    client, town, addresses
):
    outside = client.get("/en/directory/near/", {"address": "9 Route du Loin", "radius": "1000"})
    assert outside.status_code == 400
    assert "outside the town" in outside.content.decode()
    unknown = client.get("/directory/near/", {"address": "12 Rue Inconnue", "radius": "1000"})
    assert unknown.status_code == 400
    bad_radius = client.get("/directory/near/", {"address": "1 Rue de la Halle", "radius": "9"})
    assert bad_radius.status_code == 400


def test_the_csv_export_has_the_scdl_columns(client, town, settings):
    make_entry(town, 1, name="Mairie", address_text="12 bis Rue de la Gare", phone="02 54")
    response = client.get("/directory/equipements.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "COLL_NOM", "COLL_SIRET", "EQUIP_UID", "EQUIP_THEME", "EQUIP_TYPE", "EQUIP_NOM",
        "ADR_NUMERO", "ADR_NOMVOIE", "ADR_CODEPOSTAL", "ADR_COMMUNE", "EQUIP_LAT", "EQUIP_LONG",
        "EQUIP_OUVERTURE", "EQUIP_TEL", "EQUIP_EMAIL", "EQUIP_WEB",
    ]  # fmt: skip
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["EQUIP_NOM"], row["ADR_NUMERO"], row["ADR_NOMVOIE"]) == (
        "Mairie",
        "12 bis",
        "Rue de la Gare",
    )
    assert row["EQUIP_THEME"] == "Administration" and row["EQUIP_TEL"] == "02 54"


def test_the_geojson_export(client, town):
    make_entry(town, 1, name="Mairie")
    make_entry(town, 2, name="Hidden", published=False)
    data = client.get("/directory/directory.geojson").json()
    assert [f["properties"]["name"] for f in data["features"]] == ["Mairie"]
    assert data["features"][0]["geometry"]["coordinates"] == [LON, round(LAT + 1e-5, 6)]
