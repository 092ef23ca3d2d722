"""Area alerts, end to end: residents watch a circle around an address or a neighbourhood;
the periodic job finds the works whose start has come, marks each announced once under its
lock, matches the areas its place meets (shapely) and notifies through the outbox; the
worker sends the e-mails to a real SMTP server, in each recipient's language, with the
one-click unsubscribe link."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import make_user
from parvis.addresses.services import addresses_import
from parvis.notifications.models import Subscription
from parvis.notifications.services import email_preference_update
from parvis.roadworks.models import ImpactKind, WatchedArea, Works
from parvis.roadworks.selectors import areas_matching, watched_areas_of
from parvis.roadworks.services import (
    area_watch_circle,
    area_watch_space,
    area_watch_stop,
    works_announce_started,
)
from parvis.roadworks.tasks import announce_started_works
from parvis.roadworks.tests.factories import LAT, days, make_town, make_works, north_of, point

pytestmark = pytest.mark.django_db

ALERTS = "/roadworks/alerts/"


@pytest.fixture
def town():
    west, east = make_town()
    addresses_import(
        lines=[
            "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat\n",
            f"36999_0010_00001;1;;Rue de la Halle;36000;36999;Villeneuve;1.695;{LAT}\n",
        ]
    )
    return west, east


def test_a_resident_watches_and_stops_watching_from_the_page(client, town, resident):
    assert client.get(ALERTS).status_code == 302  # signed in only
    client.force_login(resident)
    response = client.post(ALERTS + "circle/", {"address": "1 rue de la halle", "radius": "200"})
    assert response.status_code == 302
    response = client.post(ALERTS + "neighbourhood/", {"space": "est"})
    assert response.status_code == 302
    html = client.get("/en" + ALERTS).content.decode()
    assert "Works within 200 m of 1 Rue de la Halle" in html
    assert "Works in Est" in html
    area = WatchedArea.objects.get(space__isnull=True)
    assert (area.lat, area.lon, area.radius_m) == (LAT, 1.695, 200)
    assert Subscription.objects.filter(user=resident).count() == 2
    assert client.post(f"{ALERTS}{area.pk}/stop/").status_code == 302
    assert WatchedArea.objects.filter(user=resident).count() == 1
    assert Subscription.objects.filter(user=resident).count() == 1


def test_bad_input_is_answered_next_to_its_field_and_saves_nothing(
    client, town, resident, other_resident
):
    client.force_login(resident)
    for data in (
        {"address": "99 rue inconnue", "radius": "200"},
        {"address": "1 rue de la halle", "radius": "123"},
        {"address": "", "radius": "200"},
    ):
        response = client.post(ALERTS + "circle/", data)
        assert response.status_code == 400
        assert 'aria-invalid="true"' in response.content.decode()
    assert client.post(ALERTS + "neighbourhood/", {"space": "nowhere"}).status_code == 400
    area_watch_space(user=resident, space=town[1])
    response = client.post(ALERTS + "neighbourhood/", {"space": "est"})
    assert response.status_code == 400
    assert WatchedArea.objects.count() == 1
    # Another's area cannot be stopped.
    theirs = area_watch_space(user=other_resident, space=town[1])
    assert client.post(f"{ALERTS}{theirs.pk}/stop/").status_code == 404
    assert area_watch_stop(user=resident, area_id=theirs.pk) is False


def test_the_areas_a_works_meets(town, resident):
    west, east = town
    near = area_watch_circle(user=resident, place="a", lat=LAT, lon=1.695, radius_m=200)
    far = area_watch_circle(user=resident, place="b", lat=north_of(1000), lon=1.695, radius_m=500)
    in_east = area_watch_space(user=resident, space=east)
    in_west = area_watch_space(user=make_user("w@example.org"), space=west)
    # A line along the east side, passing 150 m north of the circle's centre.
    line = {"type": "LineString", "coordinates": [[1.693, north_of(150)], [1.699, north_of(150)]]}
    works = make_works(geometry=line)
    assert {area.pk for area in areas_matching(works)} == {near.pk, in_east.pk}
    assert far.pk and in_west.pk


def test_works_starting_are_announced_once_by_e_mail(
    client, town, resident, other_resident, run_tasks, mailbox
):
    west, east = town
    email_preference_update(user=other_resident, language="en", frequency="immediate")
    area_watch_circle(user=resident, place="1 Rue de la Halle", lat=LAT, lon=1.695, radius_m=200)
    area_watch_space(user=other_resident, space=east)
    stranger = make_user("loin@example.org")
    area_watch_space(user=stranger, space=west)
    started = make_works("reseau", title="Réseau d'eau, rue de la Halle",
                         geometry=point(north_of(100), 1.695), starts_on=days(0),
                         impacts=[(ImpactKind.DETOUR, "Par la rue du Moulin")])  # fmt: skip
    make_works("plus-tard", geometry=point(LAT, 1.695), starts_on=days(3))
    make_works("brouillon", geometry=point(LAT, 1.695), starts_on=days(0), is_published=False)
    make_works("finie", geometry=point(LAT, 1.695), starts_on=days(-9), ends_on=days(-2))

    assert works_announce_started() == 1
    run_tasks()
    french = mailbox.to(resident.email)
    english = mailbox.to(other_resident.email)
    assert len(french) == 1 and len(english) == 1 and not mailbox.to(stranger.email)
    assert french[0]["Subject"] == "Début de travaux\u00a0: Réseau d'eau, rue de la Halle"
    assert english[0]["Subject"] == "Works start: Réseau d'eau, rue de la Halle"
    body = mailbox.text(english[0])
    assert "Par la rue du Moulin" in body and started.get_absolute_url() in body
    assert english[0]["List-Unsubscribe"].startswith("<http")
    assert Works.objects.filter(announced_at__isnull=False).count() == 2  # with the finished one

    mailbox.clear()
    assert works_announce_started() == 0
    run_tasks()
    assert mailbox.messages == []

    # The e-mail's one-click link stops that area: it leaves the alerts page.
    stop = urlsplit(english[0]["List-Unsubscribe"].strip("<>"))
    assert (
        client.post(stop.path + "?" + stop.query, {"List-Unsubscribe": "One-Click"}).status_code
        == 200
    )
    assert watched_areas_of(user=other_resident) == []
    assert len(watched_areas_of(user=resident)) == 1
    # The periodic job then forgets that area (and the address it held).
    announce_started_works.call()
    assert not WatchedArea.objects.filter(user=other_resident).exists()
    assert WatchedArea.objects.filter(user=resident).count() == 1


@pytest.mark.django_db(transaction=True)
def test_workers_running_the_job_at_once_announce_each_works_once(resident):
    from django.db import connection

    from parvis.core.tests.concurrency import run_at_once
    from parvis.notifications.models import Notification

    _west, east = make_town()
    area_watch_space(user=resident, space=east)
    make_works("reseau", geometry=point(LAT, 1.695), starts_on=days(0))

    if connection.vendor == "postgresql":
        results = run_at_once(3, works_announce_started)
    else:
        # SQLite serialises writers (its in-memory test database holds one connection):
        # the same three runs, one after the other.
        results = [works_announce_started() for _ in range(3)]

    assert sorted(results) == [0, 0, 1]
    assert Notification.objects.filter(kind="roadworks.started").count() == 1
    assert Works.objects.get().announced_at is not None
