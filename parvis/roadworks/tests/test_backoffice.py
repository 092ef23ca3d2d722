"""The back office of roadworks: a communication officer adds a works with its impacts; a
bad place or dates are answered next to their field, and nothing is saved."""

from __future__ import annotations

import json

import pytest

from parvis.accounts.tests.helpers import sign_in
from parvis.core.models import AuditEntry
from parvis.roadworks.models import Impact, Works
from parvis.roadworks.tests.factories import days, make_town

pytestmark = pytest.mark.django_db

ADD = "/backoffice/roadworks/works/add/"
LINE = {"type": "LineString", "coordinates": [[1.685, 46.81], [1.695, 46.81]]}


def form(**overrides):
    data = {
        "title": "Voirie rue Haute",
        "slug": "voirie-rue-haute",
        "description": "",
        "starts_on": days(2).isoformat(),
        "ends_on": days(20).isoformat(),
        "geometry": json.dumps(LINE),
        "location_text": "Rue Haute",
        "owner": "Ville",
        "contractor": "TP Centre",
        "space": "",
        "is_published": "on",
        "impacts-TOTAL_FORMS": "1",
        "impacts-INITIAL_FORMS": "0",
        "impacts-MIN_NUM_FORMS": "0",
        "impacts-MAX_NUM_FORMS": "1000",
        "impacts-0-kind": "detour",
        "impacts-0-text": "Par la rue Basse",
        "impacts-0-position": "0",
    }
    data.update(overrides)
    return data


def test_an_officer_adds_a_works_with_its_impacts(client, officer):
    make_town()
    sign_in(client, officer)
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, form())
    assert response.status_code == 302, response.content.decode()[:3000]
    works = Works.objects.get()
    assert (round(works.lat, 6), round(works.lon, 6)) == (46.81, 1.69)
    assert works.geometry == LINE
    assert list(Impact.objects.values_list("kind", "text")) == [("detour", "Par la rue Basse")]
    assert AuditEntry.objects.filter(action="roadworks.create", actor=officer).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"geometry": '{"type": "Point", "coordinates": [NaN, 46.81]}'}, "geometry"),
        ({"geometry": json.dumps({"type": "Point", "coordinates": [2.35, 48.85]})}, "geometry"),
        ({"geometry": json.dumps({"type": "Point", "coordinates": [1.69, 46.95]})}, "geometry"),
        (
            {
                "geometry": json.dumps(
                    {
                        "type": "LineString",
                        "coordinates": [
                            [1.685, 46.805],
                            [1.695, 46.815],
                            [1.695, 46.805],
                            [1.685, 46.815],
                        ],
                    }
                )
            },
            "geometry",
        ),
        ({"geometry": json.dumps({"type": "Polygon", "coordinates": []})}, "geometry"),
        ({"ends_on": days(1).isoformat()}, "ends_on"),
    ],
)
def test_bad_input_is_answered_next_to_its_field(client, officer, settings, overrides, field):
    settings.MAP_BOUNDS = (1.6, 46.7, 1.8, 46.9)
    make_town()
    sign_in(client, officer)
    response = client.post(ADD, form(**overrides))
    assert response.status_code == 400  # an invalid form answers 400 (core.middleware)
    assert response.context["adminform"].form.errors.keys() == {field}
    assert not Works.objects.exists() and not Impact.objects.exists()
