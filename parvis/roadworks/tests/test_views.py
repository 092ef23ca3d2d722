"""The roadworks pages: the list and its filters, a works' page (JSON-LD, OpenGraph), the
map's answers (lines as lines), "works near me" (an address, a position, bad input), the
space's section, their query counts at 10 and 200 works, and the page cache."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.addresses.services import addresses_import
from parvis.roadworks.models import Impact, ImpactKind, Works
from parvis.roadworks.services import works_save
from parvis.roadworks.tests.factories import (
    LAT,
    LON,
    days,
    make_town,
    make_works,
    north_of,
    point,
)
from parvis.spaces.models import SpaceKind
from parvis.spaces.tests.factories import make_space

pytestmark = pytest.mark.django_db

LINE = {"type": "LineString", "coordinates": [[1.685, 46.81], [1.695, 46.81]]}


@pytest.fixture
def town():
    return make_town()


def test_the_list_shows_current_and_upcoming_works_soonest_first(client, town):
    make_works("finie", starts_on=days(-30), ends_on=days(-2), title="Chantier fini")
    make_works("en-cours", starts_on=days(-3), ends_on=days(5), title="Chantier actuel",
               impacts=[(ImpactKind.DETOUR, "Par la rue du Moulin")])  # fmt: skip
    make_works("a-venir", starts_on=days(10), title="Chantier futur")
    make_works("brouillon", is_published=False, title="Brouillon")
    html = client.get("/roadworks/").content.decode()
    assert html.index("Chantier actuel") < html.index("Chantier futur")
    assert "Chantier fini" not in html and "Brouillon" not in html
    assert "Par la rue du Moulin" in html
    assert "Detour" in client.get("/en/roadworks/").content.decode()
    past = client.get("/roadworks/?when=past").content.decode()
    assert "Chantier fini" in past and "Chantier actuel" not in past
    upcoming = client.get("/en/roadworks/?when=upcoming").content.decode()
    assert "Chantier futur" in upcoming and "Chantier actuel" not in upcoming


def test_the_filters_by_impact_and_space(client, town):
    tram = make_space("tram-t1", kind=SpaceKind.PROJECT, name="Tram T1")
    make_works("voie", space=tram, title="Pose de la voie",
               impacts=[(ImpactKind.BUS_MOVED, "Ligne 3")])  # fmt: skip
    make_works("reseau", title="Réseau d'eau", impacts=[(ImpactKind.NOISE, "")])
    by_space = client.get("/roadworks/?space=tram-t1").content.decode()
    assert "Pose de la voie" in by_space and "Réseau d&#x27;eau" not in by_space
    by_impact = client.get("/roadworks/?impact=noise").content.decode()
    assert "Réseau d&#x27;eau" in by_impact and "Pose de la voie" not in by_impact
    # An unknown filter value is ignored, not an error.
    assert client.get("/roadworks/?impact=volcano&when=never").status_code == 200


def test_a_works_page_describes_an_event_with_its_place(client, town):
    works = make_works("voie", geometry=LINE, title="Pose de la voie", starts_on=days(-1),
                       ends_on=days(20), owner="Métropole", contractor="TP Centre",
                       description="Travaux **de nuit**.",
                       impacts=[(ImpactKind.ROAD_CLOSED, "Rue Haute, de 21 h à 5 h")])  # fmt: skip
    html = client.get(works.get_absolute_url()).content.decode()
    assert "<strong>de nuit</strong>" in html and "Rue Haute, de 21 h à 5 h" in html
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Event"
    assert data["startDate"] == days(-1).isoformat() and data["endDate"] == days(20).isoformat()
    assert data["location"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 46.81,
        "longitude": 1.69,
    }
    assert data["organizer"]["name"] == "Métropole"
    assert 'property="og:type" content="article"' in html
    assert 'content="Travaux de nuit."' in html
    assert client.get("/roadworks/nothing-here/").status_code == 404
    draft = make_works("brouillon", is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_map_draws_a_line_as_a_line_and_a_point_as_a_pin(client, town):
    make_works("voie", geometry=LINE, title="Voie")
    make_works("regard", geometry=point(north_of(100), LON), title="Regard")
    answer = client.get("/map/roadworks/?bbox=1.67,46.79,1.71,46.83&zoom=14").json()
    by_title = {f["properties"]["title"]: f for f in answer["features"]}
    assert by_title["Voie"]["geometry"] == LINE
    assert by_title["Voie"]["properties"]["position"] == [1.69, 46.81]
    assert by_title["Regard"]["geometry"] == {"type": "Point", "coordinates": [1.69, 46.810898]}
    assert "position" not in by_title["Regard"]["properties"]
    page = client.get("/roadworks/map/").content.decode()
    assert 'data-map-features="/map/roadworks/"' in page
    assert "Voie" in page and "Regard" in page  # the list alternative


def test_works_near_an_address_nearest_first(client, town):
    addresses_import(
        lines=[
            "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat\n",
            f"36999_0010_00001;1;;Rue de la Halle;36000;36999;Villeneuve;{LON};{LAT}\n",
        ]
    )
    make_works("loin", geometry=point(north_of(450), LON), title="Loin")
    make_works("proche", geometry=point(north_of(150), LON), title="Proche")
    make_works("trop-loin", geometry=point(north_of(900), LON), title="Trop loin")
    # A line passing 100 m south of the address, whose middle is farther.
    make_works("ligne", title="Ligne", geometry={"type": "LineString", "coordinates": [
        [LON, north_of(-100)], [1.698, north_of(-100)]]})  # fmt: skip
    response = client.get("/roadworks/near/", {"address": "1 rue de la halle", "radius": "500"})
    html = response.content.decode()
    assert response.status_code == 200
    order = [html.index(title) for title in ("Ligne", "Proche", "Loin")]
    assert order == sorted(order)
    assert "Trop loin" not in html
    assert "à 100\u00a0m" in html and "à 150\u00a0m" in html
    by_position = client.get(
        "/roadworks/near/", {"lat": str(north_of(900)), "lon": str(LON), "radius": "200"}
    ).content.decode()
    assert "Trop loin" in by_position and "Proche" not in by_position
    assert "cookie" not in {k.lower() for k in response.headers}


@pytest.mark.parametrize(
    "query",
    [
        {"address": "99 rue inconnue", "radius": "500"},
        {"lat": "nan", "lon": "nan", "radius": "500"},
        {"lat": "inf", "lon": "1.69", "radius": "500"},
        {"lat": "48.85", "lon": "2.35", "radius": "500"},
        {"lat": str(LAT), "lon": str(LON), "radius": "100000"},
        {"lat": "", "lon": "", "radius": "500"},
    ],
)
def test_works_near_refuses_bad_input_with_a_message(client, town, query):
    response = client.get("/roadworks/near/", query)
    assert response.status_code == 400
    assert (
        'class="errorlist' in response.content.decode()
        or "aria-invalid" in response.content.decode()
    )


def test_a_project_page_lists_its_works(client, town):
    tram = make_space("tram-t1", kind=SpaceKind.PROJECT, name="Tram T1")
    make_works("voie", space=tram, title="Pose de la voie")
    assert "Pose de la voie" in client.get("/spaces/tram-t1/").content.decode()
    assert "Pose de la voie" not in client.get("/spaces/ouest/").content.decode()


def _add_works(count, start=0):
    for number in range(start, start + count):
        works = Works(slug=f"w-{number}", title=f"W {number}", geometry=point(north_of(number), LON),
                      starts_on=days(-1), is_published=True)  # fmt: skip
        works_save(works=works, actor=None)
        Impact.objects.create(works=works, kind=ImpactKind.DETOUR, text="x")
        Impact.objects.create(works=works, kind=ImpactKind.NOISE, text="y")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_the_pages_cost_the_same_queries_at_10_and_200_works(client, town):
    addresses_import(
        lines=[
            "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat\n",
            f"36999_0010_00001;1;;Rue de la Halle;36000;36999;Villeneuve;{LON};{LAT}\n",
        ]
    )
    _add_works(10)
    urls = [
        "/roadworks/",
        "/roadworks/?impact=detour&when=current",
        "/roadworks/map/",
        "/roadworks/near/?address=1+rue+de+la+halle&radius=1000",
        "/roadworks/w-3/",
    ]
    endpoint = "/map/roadworks/?bbox=1.67,46.79,1.71,46.83&zoom=14"
    for url in urls:
        queries_for(client, url)  # warm
    small = [queries_for(client, url) for url in urls]
    # The map's answer: its points, after what the process knows of the layer's cells
    # (asked again at most every few seconds, core.maps), at most three queries.
    assert queries_for(client, endpoint) <= 3
    _add_works(190, start=10)
    large = [queries_for(client, url) for url in urls]
    assert small == large
    assert queries_for(client, endpoint) <= 3
    assert len(client.get(endpoint).json()["features"]) == 200


def test_a_change_makes_the_pages_fresh_in_the_page_cache(client, town, page_cache):
    works = make_works("voie", title="Pose de la voie")
    other = make_works("autre", title="Autre chantier")
    url = works.get_absolute_url()
    for path in (url, "/roadworks/", other.get_absolute_url()):
        assert client.get(path)["X-Parvis-Cache"] == "miss"
        assert client.get(path)["X-Parvis-Cache"] == "hit"
    Impact.objects.create(works=works, kind=ImpactKind.PARKING_REMOVED, text="Place du marché")
    fresh = client.get(url)
    assert fresh["X-Parvis-Cache"] == "miss"
    assert "Place du marché" in fresh.content.decode()
    assert client.get(other.get_absolute_url())["X-Parvis-Cache"] == "hit"
    works.title = "Pose des rails"
    works_save(works=works, actor=None)
    assert "Pose des rails" in client.get("/roadworks/").content.decode()
    # Marking a works announced changes no page.
    Works.objects.get(pk=other.pk).save(update_fields=["announced_at"])
    assert client.get(other.get_absolute_url())["X-Parvis-Cache"] == "hit"


def test_the_feed_lists_the_works_going_on_and_to_come(client, town):
    import feedparser

    make_works("voie", title="Pose de la voie", starts_on=days(-1), ends_on=days(9),
               impacts=[(ImpactKind.DETOUR, "Par la rue Basse")])  # fmt: skip
    make_works("finie", title="Finie", starts_on=days(-30), ends_on=days(-2))
    feed = feedparser.parse(client.get("/roadworks/feed/rss/").content)
    assert [entry.title for entry in feed.entries] == ["Pose de la voie"]
    assert "Déviation : Par la rue Basse" in feed.entries[0].summary.replace("\u00a0", " ")
    assert feed.entries[0].link.endswith("/roadworks/voie/")
    assert client.get("/roadworks/feed/atom/").status_code == 200
