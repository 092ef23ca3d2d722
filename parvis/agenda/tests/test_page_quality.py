"""Every agenda page type, read as search engines and link previews read it (extruct: the
JSON-LD types, OpenGraph, canonical addresses), and checked by the W3C Nu validator with no
heading skipping a level (the helpers of `tests/test_structured_data.py` and
`tests/test_html_validity.py`)."""

from __future__ import annotations

import datetime

import pytest

from parvis.agenda.tests.factories import category_create, event_create, paris
from parvis.agenda.tests.test_views import month_ahead
from parvis.spaces.models import SpaceKind
from parvis.spaces.tests.factories import make_space
from tests.test_html_validity import describe, heading_skips, validate
from tests.test_structured_data import SITE, english, og, read

pytestmark = pytest.mark.django_db

MONTH = month_ahead(1)
WEEK = MONTH.isocalendar()

# path (French), the JSON-LD types it carries, its og:type.
PAGES = {
    "list": ("/agenda/", ["BreadcrumbList"], "website"),
    "list filtered": ("/agenda/?category=concerts&free=1", ["BreadcrumbList"], "website"),
    "month": (f"/agenda/{MONTH.year}/{MONTH.month}/", ["BreadcrumbList"], "website"),
    "week": (f"/agenda/{WEEK.year}/week/{WEEK.week}/", ["BreadcrumbList"], "website"),
    "day": (f"/agenda/{MONTH.year}/{MONTH.month}/3/", ["BreadcrumbList"], "website"),
    "category": ("/agenda/category/concerts/", ["BreadcrumbList"], "website"),
    "event": ("/agenda/event/concert/", ["Event", "BreadcrumbList"], "article"),
    "recurring event": ("/agenda/event/marche/", ["Event", "BreadcrumbList"], "article"),
    "online event": ("/agenda/event/webinaire/", ["Event", "BreadcrumbList"], "article"),
    "map": ("/agenda/map/", ["BreadcrumbList"], "website"),
}


@pytest.fixture
def agenda():
    concerts = category_create()
    tram = make_space("tram-t1", kind=SpaceKind.PROJECT, name="Tram T1", is_published=True)
    event_create(
        title="Concert",
        slug="concert",
        category=concerts,
        space=tram,
        summary="L'harmonie joue Ravel.",
        description="## Programme\n\nRavel, *Boléro*.",
        starts_at=paris(MONTH.year, MONTH.month, 3, 20),
        ends_at=paris(MONTH.year, MONTH.month, 3, 22),
        lat=46.81,
        lon=1.69,
        online_url="https://stream.example.org/concert",
        organiser="Harmonie",
        organiser_url="https://harmonie.example.org/",
        is_free=False,
        price=8,
        accessibility="Boucle magnétique.",
    )
    event_create(
        title="Marché",
        slug="marche",
        rrule="FREQ=WEEKLY;BYDAY=SA",
        starts_at=paris(MONTH.year, MONTH.month, 1, 8),
        ends_at=paris(MONTH.year, MONTH.month, 1, 13),
    )
    event_create(
        title="Webinaire",
        slug="webinaire",
        place_name="",
        address="",
        online_url="https://visio.example.org/",
        all_day=True,
        starts_at=paris(MONTH.year, MONTH.month, 2),
        ends_at=paris(MONTH.year, MONTH.month, 4),
    )


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_agenda_page_describes_itself(client, agenda, name, language):
    french, types, og_type = PAGES[name]
    path = french if language == "fr" else english(french)
    soup, data = read(client, path)
    assert [block["@type"] for block in data["json-ld"]] == types
    tags = og(data)
    assert tags["og:type"] == [og_type]
    assert len(tags["og:title"]) == 1 and tags["og:title"][0]
    assert len(tags["og:description"]) == 1 and tags["og:description"][0]
    canonical = [link["href"] for link in soup.select('link[rel="canonical"]')]
    # Filters choose no content of their own: the list's address is canonical.
    assert canonical == [SITE + path.split("?")[0]]


def test_the_events_json_ld_says_dates_places_and_prices(client, agenda):
    _, data = read(client, "/agenda/event/webinaire/")
    (event,) = [block for block in data["json-ld"] if block["@type"] == "Event"]
    # An all-day event: its days, the last one included.
    assert (event["startDate"], event["endDate"]) == (
        datetime.date(MONTH.year, MONTH.month, 2).isoformat(),
        datetime.date(MONTH.year, MONTH.month, 3).isoformat(),
    )
    assert event["location"] == {"@type": "VirtualLocation", "url": "https://visio.example.org/"}
    _, data = read(client, "/agenda/event/concert/")
    (event,) = [block for block in data["json-ld"] if block["@type"] == "Event"]
    assert event["organizer"] == {
        "@type": "Organization",
        "name": "Harmonie",
        "url": "https://harmonie.example.org/",
    }
    assert event["offers"] == {
        "@type": "Offer",
        "url": f"{SITE}/agenda/event/concert/",
        "priceCurrency": "EUR",
        "price": "8.00",
    }
    assert event["location"][0]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 46.81,
        "longitude": 1.69,
    }


def test_every_agenda_page_is_valid_html_and_its_headings_skip_no_level(client, agenda, tmp_path):
    for name, (path, _types, _og) in PAGES.items():
        response = client.get(english(path))
        assert response.status_code == 200, path
        html = response.content.decode()
        (tmp_path / f"{name.replace(' ', '-')}.html").write_text(html, encoding="utf-8")
        assert heading_skips(html) == [], name
    errors = validate(tmp_path)
    assert errors == [], "\n" + describe(errors)
