"""The job offers' pages: the open offers only, the filters, an offer's JobPosting, the feed,
the page cache by the clock (an offer leaves the list on its closing date), and the back
office's checks next to their fields."""

from __future__ import annotations

import json
import time as time_module
from datetime import UTC, date, datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import IntegrityError, transaction
from django.utils import timezone

from parvis.accounts.tests.helpers import sign_in
from parvis.jobs.models import Offer
from parvis.jobs.tests.factories import days, make_offer
from parvis.search.engine import search

pytestmark = pytest.mark.django_db

# Thursday 10 December 2026, 23:30 in Paris (22:30 UTC); the offer closes on the 11th.
THURSDAY_LATE = datetime(2026, 12, 10, 22, 30, tzinfo=UTC)
FRIDAY_EARLY = datetime(2026, 12, 10, 23, 1, tzinfo=UTC)  # 00:01 in Paris


@pytest.fixture
def clock(monkeypatch):
    """The clock of the views and of the page cache, set by the test."""
    now = {"moment": THURSDAY_LATE}
    monkeypatch.setattr(timezone, "now", lambda: now["moment"])
    monkeypatch.setattr(time_module, "time", lambda: now["moment"].timestamp())
    return now


def found(words: str) -> list[str]:
    return [result.title for result in search(words, kinds=["jobs"]).results]


def titles(client, url: str = "/jobs/") -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [a.get_text() for a in soup.select("main .card h2 a")]


def test_the_list_shows_the_open_published_offers_newest_first(client):
    make_offer("jardinier", title="Jardinier", published_on=days(-5))
    make_offer("bibliothecaire", title="Bibliothécaire", published_on=days(-1))
    make_offer("brouillon", title="Brouillon", is_published=False)
    make_offer("a-venir", title="À venir", published_on=days(2), closes_on=days(30))
    make_offer("close", title="Close", published_on=days(-30), closes_on=days(0))

    assert titles(client) == ["Bibliothécaire", "Jardinier"]
    assert client.get("/jobs/brouillon/").status_code == 404
    assert client.get("/jobs/a-venir/").status_code == 404
    assert client.get("/jobs/close/").status_code == 404
    assert client.get("/jobs/jardinier/").status_code == 200


def test_the_filters_choose_by_category_contract_time_and_department(client):
    make_offer("jardinier", title="Jardinier", category="C", department="Espaces verts")
    make_offer(
        "directeur", title="Directeur", category="A", department="Direction générale",
        contract_type="contract",
    )  # fmt: skip
    make_offer(
        "animateur", title="Animateur", category="", contract_type="seasonal",
        working_time="part_time", department="Enfance",
    )  # fmt: skip

    assert titles(client, "/jobs/?category=A") == ["Directeur"]
    assert titles(client, "/jobs/?contract=seasonal") == ["Animateur"]
    assert titles(client, "/jobs/?time=part_time") == ["Animateur"]
    assert titles(client, "/jobs/?department=Espaces+verts") == ["Jardinier"]
    # A value the list does not offer is no filter (as a stale bookmark would be).
    assert sorted(titles(client, "/jobs/?category=Z&contract=cdi")) == [
        "Animateur", "Directeur", "Jardinier",
    ]  # fmt: skip


def test_an_offer_s_page_describes_it_as_a_job_posting(client, settings):
    settings.PARVIS_TOWN = {**settings.PARVIS_TOWN, "name": "Villeneuve-du-Parvis"}
    make_offer(
        "jardinier",
        title="Jardinier",
        reference="2026-RH-014",
        place="Centre technique, 12 rue des Lilas, 36000 Villeneuve-du-Parvis",
        salary_min=1850,
        salary_max=2200,
        working_time="part_time",
        published_on=date(2026, 12, 1),
        closes_on=date(2027, 1, 15),
        description="Entretien des **parcs**.",
        profile="Permis B.",
    )

    html = client.get("/jobs/jardinier/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    [posting] = [
        data
        for data in (
            json.loads(s.string) for s in soup.select("script[type='application/ld+json']")
        )
        if data["@type"] == "JobPosting"
    ]

    assert posting["title"] == "Jardinier"
    assert posting["description"] == "Entretien des parcs.\nPermis B."
    assert posting["datePosted"] == "2026-12-01"
    assert posting["validThrough"] == "2027-01-15T00:00:00+01:00"
    assert posting["employmentType"] == ["PART_TIME"]
    assert posting["identifier"] == {
        "@type": "PropertyValue", "name": "Villeneuve-du-Parvis", "value": "2026-RH-014",
    }  # fmt: skip
    assert posting["hiringOrganization"]["@type"] == "GovernmentOrganization"
    assert posting["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Centre technique, 12 rue des Lilas",
        "postalCode": "36000",
        "addressLocality": "Villeneuve-du-Parvis",
        "addressCountry": "FR",
    }
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "unitText": "MONTH", "minValue": 1850,
                  "maxValue": 2200},
    }  # fmt: skip
    assert posting["url"].endswith("/jobs/jardinier/")
    assert employment_types(client, "saisonnier", "seasonal") == ["FULL_TIME", "TEMPORARY"]
    assert employment_types(client, "stagiaire", "internship", "part_time") == [
        "PART_TIME", "INTERN",
    ]  # fmt: skip
    text = soup.select_one("main").get_text(" ", strip=True)
    assert "De 1 850 à 2 200 euros" in text.replace("\u202f", " ").replace("\xa0", " ")
    assert "2026-RH-014" in text


def employment_types(client, slug: str, contract: str, time: str = "full_time") -> list[str]:
    make_offer(slug, contract_type=contract, working_time=time, category="")
    soup = BeautifulSoup(client.get(f"/jobs/{slug}/").content.decode(), "html.parser")
    for script in soup.select("script[type='application/ld+json']"):
        data = json.loads(script.string)
        if data["@type"] == "JobPosting":
            return data["employmentType"]
    raise AssertionError("no JobPosting")


def test_the_feed_lists_the_open_offers(client):
    make_offer("jardinier", title="Jardinier", closes_on=date(2099, 1, 15))
    make_offer("brouillon", title="Brouillon", is_published=False)

    for kind in ("rss", "atom"):
        feed = feedparser.parse(client.get(f"/jobs/feed/{kind}/").content)
        assert [entry.title for entry in feed.entries] == ["Jardinier"]
        assert "15 janvier 2099" in feed.entries[0].summary


def test_an_offer_leaves_the_cached_list_on_its_closing_date(client, page_cache, clock):
    make_offer(
        "jardinier", title="Jardinier", published_on=date(2026, 12, 1), closes_on=date(2026, 12, 11)
    )

    assert titles(client) == ["Jardinier"]
    assert client.get("/jobs/")["X-Parvis-Cache"] == "hit"
    clock["moment"] = FRIDAY_EARLY

    response = client.get("/jobs/")
    assert response["X-Parvis-Cache"] == "miss"
    assert "Jardinier" not in response.content.decode()
    assert client.get("/jobs/jardinier/").status_code == 404


def test_an_edited_offer_is_fresh_in_the_cache(client, page_cache):
    offer = make_offer("jardinier", title="Jardinier")
    assert titles(client) == ["Jardinier"]
    client.get("/jobs/jardinier/")
    assert client.get("/jobs/jardinier/")["X-Parvis-Cache"] == "hit"

    from parvis.jobs.services import offer_save

    offer.title = "Jardinière ou jardinier"
    offer_save(offer=offer, actor=None)

    assert titles(client) == ["Jardinière ou jardinier"]
    page = client.get("/jobs/jardinier/")
    assert page["X-Parvis-Cache"] == "miss" and "Jardinière ou jardinier" in page.content.decode()


def test_the_database_refuses_a_salary_range_upside_down_and_a_closing_before_publication():
    make_offer("jardinier")
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.filter(slug="jardinier").update(salary_min=3000, salary_max=2000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.filter(slug="jardinier").update(closes_on=days(-10))


def test_the_search_finds_an_open_offer_only():
    make_offer("jardinier", title="Jardinier paysagiste", description="Tailler les haies.")
    make_offer("ancien", title="Paysagiste d'hier", published_on=days(-40), closes_on=days(-1))
    make_offer("brouillon", title="Paysagiste en brouillon", is_published=False)

    assert found("paysagiste") == ["Jardinier paysagiste"]
    assert found("haies") == ["Jardinier paysagiste"]


def test_the_back_office_shows_the_errors_next_to_their_fields_and_saves_nothing(
    client, staff_member
):
    from parvis.accounts.roles import Role

    sign_in(client, staff_member(Role.HR_OFFICER))
    response = client.post(
        "/backoffice/jobs/offer/add/",
        {
            "title": "Jardinier", "slug": "jardinier", "reference": "2026-RH-1",
            "department": "Espaces verts", "category": "C", "contract_type": "civil_servant",
            "working_time": "full_time", "place": "Centre technique",
            "salary_min": "2500", "salary_max": "2000", "description": "x", "profile": "y",
            "published_on": "2026-12-10", "closes_on": "2026-12-01", "is_published": "on",
        },
    )  # fmt: skip

    assert response.status_code == 400
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert "The highest salary" in soup.select_one(".field-salary_max").get_text() or (
        "salaire le plus haut" in soup.select_one(".field-salary_max").get_text()
    )
    assert soup.select_one(".field-closes_on .errorlist") is not None
    assert not Offer.objects.exists()
