"""A space's boundary is checked before the back office opens its write transaction
(issue 7, item 2).

Django's admin runs the whole POST of an add or change form inside `transaction.atomic()`,
form validation included. With SQLite (`parvis run`, IMMEDIATE transactions) that held the
database's write lock while the boundary was parsed and checked: a costly boundary kept
every other writer (the task worker, other staff) waiting until they gave up with
"database is locked". The back office now converts such fields (`costly_to_python`) before
the transaction and reuses the result inside it.

These tests watch the real parsing (`core.geo.parse_area`, called through, not replaced)
and, while it runs, look at the request's connection and write from another connection.
On the old code every watched call ran inside the transaction (`in_atomic_block`), and on
SQLite the other connection's write failed ("database table is locked"); the change form
also parsed the boundary twice (validation, then the change message).
"""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.db import DatabaseError, connection, connections
from django.utils import translation
from django.utils.translation import gettext

from parvis.accounts.tests.helpers import sign_in
from parvis.core import geo
from parvis.core.tests.forms import form_data
from parvis.moderation.models import WordListEntry
from parvis.spaces.models import Space
from parvis.spaces.tests.factories import CENTRE_BOUNDARY, make_space

pytestmark = pytest.mark.django_db(transaction=True)

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[2.0, 48.0], [2.01, 48.0], [2.01, 48.01], [2.0, 48.01], [2.0, 48.0]]],
}
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[2.0, 48.0], [2.01, 48.01], [2.01, 48.0], [2.0, 48.01], [2.0, 48.0]]],
}


def write_from_another_connection() -> str:
    """What happens to a write made meanwhile by someone else (another thread, so another
    database connection): "written", or the database's error."""
    outcome: dict[str, str] = {}

    def write() -> None:
        try:
            WordListEntry.objects.create(expression=f"probe {threading.get_ident()}")
            outcome["result"] = "written"
        except DatabaseError as error:
            outcome["result"] = str(error)
        finally:
            connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    writer.join(timeout=60)
    return outcome.get("result", "still waiting")


@pytest.fixture
def parsing_watched(monkeypatch) -> list[tuple[bool, str]]:
    """(inside a transaction?, another connection's write) at each boundary parsed."""
    seen: list[tuple[bool, str]] = []
    parse_area = geo.parse_area

    def watched(value: Any) -> dict:
        seen.append((connection.in_atomic_block, write_from_another_connection()))
        return parse_area(value)

    monkeypatch.setattr(geo, "parse_area", watched)
    return seen


def space_form(client, url: str, **changes: str) -> dict[str, str]:
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), "space_form")
    data.update(changes)
    return data


def test_a_new_space_boundary_is_checked_outside_the_write_transaction(
    client, officer, parsing_watched
):
    sign_in(client, officer)
    data = space_form(
        client,
        "/backoffice/spaces/space/add/",
        kind="neighbourhood",
        name="Centre-ville",
        slug="centre-ville",
        summary="The old town.",
        moderation_policy="after",
        boundary=json.dumps(SQUARE),
    )

    response = client.post("/backoffice/spaces/space/add/", data)

    assert response.status_code == 302
    assert Space.objects.get(slug="centre-ville").boundary == SQUARE
    assert parsing_watched == [(False, "written")]


def test_a_changed_boundary_is_parsed_once_outside_the_write_transaction(
    client, officer, parsing_watched
):
    space = make_space("centre-ville", name="Centre-ville", boundary=CENTRE_BOUNDARY)
    sign_in(client, officer)
    url = f"/backoffice/spaces/space/{space.pk}/change/"
    data = space_form(client, url, boundary=json.dumps(SQUARE))

    response = client.post(url, data)

    assert response.status_code == 302
    space.refresh_from_db()
    assert space.boundary == SQUARE
    assert space.bbox_max_lat == 48.01
    assert parsing_watched == [(False, "written")]


def test_a_refused_boundary_is_shown_next_to_its_field_checked_outside_the_transaction(
    client, officer, parsing_watched
):
    sign_in(client, officer)
    data = space_form(
        client,
        "/backoffice/spaces/space/add/",
        kind="neighbourhood",
        name="Centre-ville",
        slug="centre-ville",
        summary="The old town.",
        moderation_policy="after",
        boundary=json.dumps(BOW_TIE),
    )

    response = client.post("/backoffice/spaces/space/add/", data)

    with translation.override("fr"):
        expected = gettext(
            "The outline of this area crosses itself near latitude %(lat)s, longitude %(lon)s."
        ) % {"lat": 48.005, "lon": 2.005}
    assert response.status_code == 400
    row = BeautifulSoup(response.content, "html.parser").select_one(".field-boundary")
    assert [item.text for item in row.select(".errorlist li")] == [expected]
    assert not Space.objects.exists()
    assert parsing_watched == [(False, "written")]
