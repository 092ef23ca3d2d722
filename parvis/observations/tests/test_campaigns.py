"""Observation campaigns: joining with the code, recording what one noticed (checked), the
campaign's page with its charts and heat map, fresh after each observation, its query count
independent of how many observations there are, and its open data without names."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parvis.accounts.tests.helpers import sign_in
from parvis.core.datasets import dataset_rows
from parvis.observations.models import Campaign, Member, Observation
from parvis.observations.services import observation_record
from parvis.reports.tests.factories import LAT, LON

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def at(days_ago: int, hour: int = 8) -> datetime:
    day = timezone.localdate() - days_ago * DAY
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def record(member: Member, days_ago: int, intensity: int | None, **extra) -> Observation:
    values = {"intensity": intensity, "smell": "égout"} if intensity else {}
    return observation_record(
        member=member,
        observed_at=at(days_ago),
        lat=LAT + extra.pop("dlat", 0),
        lon=LON,
        values=values,
        nothing_noticed=intensity is None,
    )


def form_data(**values) -> dict:
    data = {
        "observed_at": at(1).astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%dT%H:%M"),
        "lat": str(LAT),
        "lon": str(LON),
        "x_intensity": "3",
        "x_smell": "brûlé",
        "note": "",
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def test_a_resident_joins_with_the_code_then_records_an_observation(client, campaign, resident):
    sign_in(client, resident)
    assert client.get("/observations/reseau-des-nez/record/").status_code == 403

    wrong = client.post("/en/observations/reseau-des-nez/join/", {"code": "NOPE"})
    assert wrong.status_code == 400
    assert wrong.context["form"].errors["code"] == ["This is not the campaign's invitation code."]
    joined = client.post("/observations/reseau-des-nez/join/", {"code": "nez2026a"})
    assert joined.status_code == 302
    assert Member.objects.filter(campaign=campaign, user=resident).count() == 1

    response = client.post("/observations/reseau-des-nez/record/", form_data())
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert observation.values == {"intensity": 3, "smell": "brûlé"}
    assert (observation.lat, observation.lon) == (LAT, LON)


def test_the_observation_form_places_by_address_or_pin(client, member, resident):
    sign_in(client, resident)
    page = BeautifulSoup(
        client.get("/en/observations/reseau-des-nez/record/").content, "html.parser"
    )
    canvas = page.select_one("form #pin-map")
    assert (canvas["data-pin-lat"], canvas["data-pin-lon"]) == ("id_lat", "id_lon")
    assert page.select_one("input#id_lat") and page.select_one("input#id_lon")
    assert page.select_one('script[src$="parvis/js/pin.js"]')
    assert page.select_one('script[src$="addresses/address-field.js"]')


def test_nothing_noticed_is_recorded_without_values(client, member, resident):
    sign_in(client, resident)
    response = client.post(
        "/observations/reseau-des-nez/record/",
        form_data(x_intensity="", x_smell="", nothing_noticed="on"),
    )
    assert response.status_code == 302
    assert Observation.objects.get().values == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"observed_at": None}, "observed_at", "This field is required."),
        ({"x_intensity": "9"}, "x_intensity", "Enter a number from 1 to 5."),
        ({"x_intensity": "", "x_smell": ""}, "x_intensity", "This field is required."),
        ({"lat": "nan"}, "lat", "Give the position as a latitude and a longitude in degrees."),
        ({"lat": "inf"}, "lat", "Give the position as a latitude and a longitude in degrees."),
        ({"lat": "quarante"}, "lat", "Give the position as a latitude and a longitude in degrees."),
        ({"lon": None}, "lon", "Give the position as a latitude and a longitude in degrees."),
        ({"lat": "48.85", "lon": "2.35"}, "lat", "This place is outside the town."),
        ({"lat": None, "lon": None}, "address", "Give an address, or a latitude and a longitude."),
    ],
)
def test_bad_observations_are_refused_next_to_their_field_and_nothing_is_saved(
    client, member, resident, changes, field, message
):
    sign_in(client, resident)
    response = client.post("/en/observations/reseau-des-nez/record/", form_data(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    assert Observation.objects.count() == 0


def test_a_moment_in_the_future_or_before_the_campaign_is_refused(client, member, resident):
    sign_in(client, resident)
    later = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    before = at(61).astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%dT%H:%M")
    for moment, message in [
        (later, "An observation is of something already noticed: not later than now."),
        (before, "This day is outside the campaign."),
    ]:
        response = client.post(
            "/en/observations/reseau-des-nez/record/", form_data(observed_at=moment)
        )
        assert response.status_code == 400
        assert response.context["form"].errors["observed_at"] == [message]
    assert Observation.objects.count() == 0


def test_the_page_charts_each_day_and_gives_the_figures_as_a_table(client, member):
    record(member, 1, 4)
    record(member, 1, 2)
    record(member, 1, None)
    record(member, 3, 5)

    html = BeautifulSoup(client.get("/en/observations/reseau-des-nez/").content, "html.parser")

    chart = html.select_one("svg.chart")
    assert chart["role"] == "img"
    assert len(chart.select("rect.chart__bar")) == 30
    rows = {
        tr.th.time["datetime"]: [td.get_text() for td in tr.find_all("td")]
        for tr in html.select("section[aria-labelledby=over-time] tbody tr")
    }
    yesterday, three_days_ago = ((timezone.localdate() - n * DAY).isoformat() for n in (1, 3))
    assert rows[yesterday] == ["3", "2", "3.0"]
    assert rows[three_days_ago] == ["1", "1", "5.0"]
    assert rows[timezone.localdate().isoformat()] == ["0", "0", "—"]
    heat = html.select_one("svg.heat-map")
    assert heat["role"] == "img" and len(heat.select("rect")) == 1
    hottest = html.select("section[aria-labelledby=where] tbody tr")
    assert [td.get_text() for td in hottest[0].find_all("td")] == ["3", "46.8100", "1.6900"]


def test_a_longer_period_is_asked_by_a_form_without_script(client, member):
    html = BeautifulSoup(
        client.get("/observations/reseau-des-nez/?period=90").content, "html.parser"
    )
    # The campaign began 60 days ago: 61 days at most.
    assert len(html.select("svg.chart rect.chart__bar")) == 61


def test_the_page_costs_as_many_queries_with_500_observations_as_with_5(client, member):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/observations/reseau-des-nez/").status_code == 200
        return len(captured)

    Observation.objects.bulk_create(
        Observation(
            campaign=member.campaign,
            member=member,
            observed_at=at(i % 30),
            lat=LAT,
            lon=LON,
            values={"intensity": 2},
        )
        for i in range(5)
    )
    queries()
    few = queries()
    Observation.objects.bulk_create(
        Observation(
            campaign=member.campaign,
            member=member,
            observed_at=at(i % 30),
            lat=LAT + i * 1e-5,
            lon=LON,
            values={"intensity": 3},
        )
        for i in range(495)
    )
    assert queries() == few


def test_a_new_observation_refreshes_its_campaign_page_only(client, member, page_cache):
    other = Campaign.objects.create(
        name="Bruit", slug="bruit", category=member.campaign.category,
        starts_on=date(2026, 1, 1), is_published=True,
    )  # fmt: skip
    assert client.get("/observations/reseau-des-nez/")["X-Parvis-Cache"] == "miss"
    assert client.get("/observations/bruit/")["X-Parvis-Cache"] == "miss"
    assert client.get("/observations/reseau-des-nez/")["X-Parvis-Cache"] == "hit"

    record(member, 1, 4)

    assert client.get("/observations/reseau-des-nez/")["X-Parvis-Cache"] == "miss"
    assert client.get("/observations/bruit/")["X-Parvis-Cache"] == "hit"
    assert other.pk


def test_unpublished_campaigns_are_not_shown(client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(is_published=False)
    assert client.get("/observations/reseau-des-nez/").status_code == 404
    assert "Réseau des nez" not in client.get("/observations/").content.decode()


def test_the_open_data_has_no_names(member, resident):
    record(member, 1, 4)
    (row,) = dataset_rows("observations")
    assert row["campaign"] == "reseau-des-nez"
    assert row["values"] == '{"intensity": 4, "smell": "égout"}'
    assert resident.email not in str(row) and str(resident.pk) not in row.values()
