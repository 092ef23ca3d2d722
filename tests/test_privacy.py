"""The privacy promise: a visitor who only reads gets no cookie at all, and every answer
carries a strict Content-Security-Policy.

The list of public pages cannot silently fall behind the site: a test walks every route
the site has and fails when one outside the account and back-office areas is neither
checked here nor set aside with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import translation

pytestmark = pytest.mark.django_db

# Every kind of page a visitor can read, in French and, for the main ones, in English.
PUBLIC_PAGES = [
    "/",
    "/en/",
    "/legal/notice/",
    "/legal/accessibility/",
    "/legal/privacy/",
    "/en/legal/privacy/",
    "/spaces/",
    "/en/spaces/",
    "/spaces/kind/neighbourhood/",
    "/spaces/kind/project/?page=2",
    "/spaces/vieux-bourg/",
    "/en/spaces/vieux-bourg/",
    "/spaces/vieux-bourg/pages/histoire/",
    "/en/spaces/vieux-bourg/pages/histoire/",
    "/search/",
    "/search/?q=bourg",
    "/search/?q=introuvable",
    "/en/search/?q=bourg",
    "/search/?q=bourg&type=space_page&space=vieux-bourg&page=2",
    # Addresses: the autocomplete's answers, the lookup (found, ambiguous with its choices).
    "/addresses/search/?q=1+rue+de+la+halle",
    "/en/addresses/search/?q=halle",
    "/addresses/",
    "/addresses/?address=1+rue+de+la+halle",
    "/en/addresses/?address=2+rue+de+la+halle&address-choice=36999_0010_00002_bis",
    # News and announcements ({announcement} is the town content's announcement).
    "/news/",
    "/en/news/",
    "/reports/",
    "/en/reports/",
    "/reports/?category=nids-de-poule&status=open",
    "/reports/VB0001/",
    "/en/reports/VB0001/",
    "/reports/new/",
    "/en/reports/new/",
    "/reports/feed/rss/",
    "/reports/feed/atom/",
    "/directory/",
    "/en/directory/",
    "/directory/?category=mairie&open=1",
    "/directory/mairie/",
    "/en/directory/mairie/",
    "/directory/mairie/history/",
    "/directory/map/",
    "/map/directory/?bbox=1.68,46.80,1.70,46.82&zoom=14",
    "/directory/near/",
    "/directory/near/?address=1+Rue+de+la+Halle&radius=1000",
    "/directory/equipements.csv",
    "/directory/directory.geojson",
    "/observations/",
    "/en/observations/",
    # Open311 GeoReport v2: no language prefix (docs/open311.md).
    "/open311/v2/discovery.json",
    "/open311/v2/services.json",
    "/open311/v2/services/nids-de-poule.xml",
    "/open311/v2/requests.json?status=open",
    "/open311/v2/requests/VB0001.xml",
    "/observations/nez-du-bourg/",
    "/en/observations/nez-du-bourg/?period=90",
    "/news/new-library/",
    "/en/news/new-library/",
    # Roadworks: the list and its filters, a works, the map and its answers, near an address.
    "/roadworks/",
    "/en/roadworks/",
    "/roadworks/?when=current&impact=detour&space=vieux-bourg",
    "/roadworks/rue-de-la-halle/",
    "/jobs/",
    "/en/jobs/",
    "/jobs/?category=C&contract=civil_servant&time=full_time&department=Espaces+verts",
    "/jobs/agent-des-espaces-verts/",
    "/en/jobs/agent-des-espaces-verts/",
    "/jobs/feed/rss/",
    "/jobs/feed/atom/",
    "/videos/feed/rss/",
    "/videos/feed/atom/",
    "/family/menus/",
    "/en/family/menus/?week=2026-W49",
    "/en/roadworks/rue-de-la-halle/",
    "/roadworks/map/",
    "/map/roadworks/?bbox=1.68,46.80,1.70,46.82&zoom=15",
    "/roadworks/near/",
    "/roadworks/near/?address=1+rue+de+la+halle&radius=500",
    "/en/roadworks/near/?lat=46.81&lon=1.692&radius=200",
    "/announcements/",
    "/en/announcements/",
    "/announcements/{announcement}/",
    "/en/announcements/{announcement}/",
    "/spaces/vieux-bourg/news/",
    "/spaces/vieux-bourg/announcements/",
    "/en/spaces/vieux-bourg/news/",
    "/tags/travaux/",
    "/en/tags/travaux/",
    # Feeds: town-wide, per space and per tag; RSS and Atom.
    "/news/feed/rss/",
    "/news/feed/atom/",
    "/announcements/feed/rss/",
    "/announcements/feed/atom/",
    "/spaces/vieux-bourg/news/feed/rss/",
    "/spaces/vieux-bourg/news/feed/atom/",
    "/spaces/vieux-bourg/announcements/feed/rss/",
    "/spaces/vieux-bourg/announcements/feed/atom/",
    "/tags/travaux/news/feed/rss/",
    "/tags/travaux/news/feed/atom/",
    "/tags/travaux/announcements/feed/rss/",
    "/tags/travaux/announcements/feed/atom/",
    "/comments/feed/rss/",
    "/comments/feed/atom/",
    "/roadworks/feed/rss/",
    "/roadworks/feed/atom/",
    "/spaces/vieux-bourg/comments/feed/rss/",
    "/spaces/vieux-bourg/comments/feed/atom/",
    # Consultations (votes): the lists, an open one, a closed one's results and ballots.
    "/consultations/",
    "/en/consultations/?page=2",
    "/spaces/vieux-bourg/consultations/",
    "/consultations/budget-du-bourg/",
    "/en/consultations/budget-du-bourg/",
    "/consultations/nom-de-la-halle/",
    "/consultations/nom-de-la-halle/results/",
    "/en/consultations/nom-de-la-halle/results/",
    "/consultations/nom-de-la-halle/ballots/",
    # The agenda's iCalendar feeds (streamed).
    "/agenda/agenda.ics",
    "/en/agenda/agenda.ics",
    "/agenda/space/vieux-bourg.ics",
    "/agenda/",
    "/en/agenda/?category=concerts&mode=physical&free=1&space=vieux-bourg",
    "/agenda/2027/5/",
    "/agenda/2027/week/18/",
    "/agenda/2027/5/1/",
    "/agenda/category/concerts/",
    "/agenda/event/concert-de-l-harmonie/",
    "/en/agenda/event/concert-de-l-harmonie/",
    "/agenda/map/",
    "/map/agenda/?bbox=1.68,46.80,1.70,46.82&zoom=15",
    "/agenda/feed/rss/",
    "/agenda/feed/atom/",
    "/agenda/event/concert-de-l-harmonie.ics",
    # The photo library: latest photos, albums, an album, the monthly albums, a month, the
    # feed, a photo ({photo}) alone, in its album and in its month.
    "/photos/",
    "/photos/albums/",
    "/photos/albums/le-marche/",
    "/en/photos/months/",
    "/photos/months/2026/5/",
    "/photos/{photo}/",
    "/photos/albums/le-marche/{photo}/",
    "/photos/months/2026/5/{photo}/",
    "/photos/feed/rss/",
    "/photos/feed/atom/",
    # The latest photos and videos, in one feed.
    "/media/feed/rss/",
    "/media/feed/atom/",
    # The wiki: its index, recent changes (filtered), a page, its history, difference, talk
    # page, a category.
    "/wiki/",
    "/en/wiki/",
    # The videos: the list, a category, a playlist, an uploaded video, a video elsewhere.
    "/videos/",
    "/videos/?page=2",
    "/videos/categories/conseil/",
    "/videos/playlists/le-mandat/",
    "/videos/seance-du-conseil/",
    "/en/videos/concert-d-ete/",
    "/wiki/recent/",
    "/wiki/recent/?change=edit&category=lieux&page=1",
    "/wiki/le-lavoir/",
    "/en/wiki/le-lavoir/",
    "/wiki/le-lavoir/history/",
    "/wiki/le-lavoir/diff/",
    "/wiki/le-lavoir/talk/",
    "/wiki/category/lieux/",
    # The podcasts: the shows, a show, an episode, its transcript.
    "/podcasts/",
    "/podcasts/la-voix-du-bourg/",
    "/podcasts/la-voix-du-bourg/le-marche/",
    "/podcasts/la-voix-du-bourg/le-marche/transcript/",
    "/podcasts/la-voix-du-bourg/feed/rss/",
    "/podcasts/la-voix-du-bourg/feed/atom/",
    "/podcasts/feed/rss/",
    "/podcasts/feed/atom/",
    "/health/",
    "/source.tar.gz",
]
NOT_FOUND_PAGES = [
    "/nowhere-to-be-found/",
    "/en/nowhere-to-be-found/",
    "/spaces/kind/castles/",
    "/spaces/no-such-space/",
    "/spaces/vieux-bourg/pages/no-such-page/",
    "/news/no-such-article/",
    "/reports/NOSUCH/",
    "/roadworks/no-such-works/",
    "/jobs/no-such-offer/",
    "/open311/v2/tokens/1:forged.json",
    "/directory/no-such-entry/",
    "/directory/no-such-entry/history/",
    "/reports/confirm/forged-token/",
    "/reports/me-too/confirm/forged-token/",
    "/reports/me-too/stop/forged-token/",
    "/announcements/999999999/",
    "/spaces/no-such-space/news/",
    "/tags/no-such-tag/",
    "/spaces/no-such-space/news/feed/rss/",
    "/tags/no-such-tag/announcements/feed/atom/",
    "/spaces/no-such-space/comments/feed/rss/",
    "/media/spaces/covers/no-such-image.png",
    "/unsubscribe/forged-token/",
    "/observations/no-such-campaign/",
    "/en/observations/no-such-campaign/?when=90",
    "/jobs/no-such-offer/apply/",
    "/jobs/applications/forged-secret/",
    "/agenda/category/no-such-category.ics",
    "/agenda/event/no-such-event.ics",
    "/agenda/event/no-such-event/",
    "/agenda/2026/13/",
    "/photos/999999999/",
    "/photos/albums/no-such-album/",
    "/photos/months/2026/13/",
    "/wiki/no-such-page/",
    "/wiki/no-such-page/history/",
    "/podcasts/no-such-show/",
    "/podcasts/no-such-show/feed/rss/",
    "/wiki/category/no-such-category/",
    "/wiki/le-lavoir/version/999999999/",
    "/wiki/le-lavoir/pending/999999999/",
]
# Pages opened from a link in an e-mail; {token} is a signed unsubscribe token.
LINK_PAGES = ["/unsubscribe/{token}/", "/en/unsubscribe/{token}/"]
# Routes outside /accounts/ and the back office that are not pages to read, and why.
NOT_READING_PAGES = {
    "comments/on/<int:type_id>/<int:object_id>/": "a form a signed-in resident posts",
    "live/<int:pk>/ask/": "a form a signed-in resident posts",
    "live/<int:pk>/questions/<int:question>/vote/": "a form a signed-in resident posts",
    "live/<int:pk>/questions/<int:question>/answer/": "a form a session's official posts",
    "live/<int:pk>/questions/<int:question>/decide/": "a form a session's moderator posts",
    "live/<int:pk>/state/": "a form a session's moderator posts",
    "live/<int:pk>/queue/": "a session's moderator's page (signing in first)",
    "comments/<int:pk>/edit/": "a form a signed-in resident posts",
    "comments/<int:pk>/delete/": "a form a signed-in resident posts",
    "comments/<int:pk>/flag/": "a form a signed-in resident posts",
    "reports/<str:reference>/me-too/": "a form a signed-in resident posts",
    "roadworks/alerts/": "a signed-in resident's alerts (signing in first)",
    "roadworks/alerts/circle/": "a form a signed-in resident posts",
    "roadworks/alerts/neighbourhood/": "a form a signed-in resident posts",
    "roadworks/alerts/<int:area_id>/stop/": "a form a signed-in resident posts",
    "observations/<slug:slug>/join/": "a form a signed-in resident posts",
    "observations/<slug:slug>/record/": "a form a signed-in member posts",
    "directory/propose/": "a form a signed-in resident posts",
    "directory/<slug:slug>/propose/": "a form a signed-in resident posts",
    "family/": "a guardian's family space (signing in first)",
    "family/join/": "a form a signed-in resident posts",
    "family/children/<int:pk>/register/": "a form a signed-in guardian posts",
    "family/registrations/<int:pk>/days/": "a form a signed-in guardian posts",
    "family/households/<int:pk>/quotient/": "a form a signed-in guardian posts",
    "family/invoices/": "a guardian's invoices (signing in first)",
    "family/invoices/<int:pk>/": "a guardian's invoice (signing in first)",
    "family/invoices/<int:pk>/invoice.pdf": "a guardian's invoice (signing in first)",
    "family/invoices/<int:pk>/receipt.pdf": "a guardian's receipt (signing in first)",
    "family/invoices/<int:pk>/pay/": "a form a signed-in guardian posts",
    "payments/return/": "the payer's outcome (signing in first)",
    "consultations/<slug:slug>/vote/": "a ballot a signed-in resident casts (signing in first)",
    "votes/home/": "a form a signed-in resident posts (signing in first)",
    "consultations/<slug:slug>/stand/": "a form a signed-in resident posts (signing in first)",
    "payments/test-provider/": "the test backend's page (signing in first)",
    "spaces/<slug:slug>/suggestions/new/": "a form a signed-in resident posts",
    "suggestions/<int:pk>/support/": "a form a signed-in resident posts",
    "suggestions/<int:pk>/answer/": "a form a signed-in official posts",
    "wiki/new/": "a form a signed-in resident posts",
    "wiki/watchlist/": "a signed-in resident's watch list (signing in first)",
    "wiki/<slug:slug>/edit/": "a form a signed-in resident posts",
    "wiki/<slug:slug>/rename/": "a form a signed-in patroller posts",
    "wiki/<slug:slug>/rollback/": "a form a signed-in patroller posts",
    "wiki/<slug:slug>/version/<int:pk>/restore/": "a form a signed-in resident posts",
    "wiki/<slug:slug>/pending/<int:pk>/patrol/": "a form a signed-in patroller posts",
}
# Routes with nothing to show until a feature app declares something there: answered 404,
# still without a cookie. The map endpoint serves the layers apps declare (`map_layer`);
# the sample app's layer is checked in tests/sampleapp/map_scenario.py.
EMPTY_UNTIL_DECLARED = [
    "/map/no-such-layer/?bbox=2.30,48.84,2.40,48.87&zoom=13",
]
# Areas where a visitor signs in or posts a form: cookies are expected there.
ACCOUNT_AREAS = ("accounts/", f"{settings.ADMIN_PATH}/")


def routes(patterns: list, prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def public_routes() -> set[str]:
    with translation.override(settings.LANGUAGE_CODE):  # the unprefixed language
        return {r for r in routes(get_resolver().url_patterns) if not r.startswith(ACCOUNT_AREAS)}


def route_of(url: str) -> str:
    """The route answering `url`, whatever its language prefix."""
    path = urlsplit(url.format(announcement=1, photo=1)).path
    language = translation.get_language_from_path(path)
    if language and language != settings.LANGUAGE_CODE:
        path = path.removeprefix(f"/{language}")
    with translation.override(settings.LANGUAGE_CODE):
        return resolve(path).route


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def assert_private_and_strict(response) -> None:
    assert dict(response.cookies) == {}
    assert "Set-Cookie" not in response.headers
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_reading_a_public_page_sets_no_cookie_under_a_strict_policy(client, town_content, url):
    response = client.get(
        url.format(announcement=town_content.announcement.pk, photo=town_content.photo.pk)
    )

    assert response.status_code == 200
    assert_private_and_strict(response)
    assert client.cookies == {}


@pytest.mark.parametrize("url", EMPTY_UNTIL_DECLARED)
def test_a_route_with_nothing_declared_answers_404_without_a_cookie(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert_private_and_strict(response)
    assert client.cookies == {}


@pytest.mark.parametrize("url", LINK_PAGES)
def test_a_page_opened_from_an_email_link_sets_no_cookie(client, town_content, url):
    from parvis.notifications.tokens import make_token

    token = make_token(user_id=town_content.councillor.pk, subscription_id=None)

    response = client.get(url.format(token=token))

    assert response.status_code == 200
    assert_private_and_strict(response)
    assert client.cookies == {}


def test_a_public_image_is_served_without_cookie(client, town_content):
    response = client.get(town_content.neighbourhood.cover.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert_private_and_strict(response)


@pytest.mark.parametrize("url", NOT_FOUND_PAGES)
def test_a_missing_page_sets_no_cookie_under_a_strict_policy(client, town_content, url):
    response = client.get(url)

    assert response.status_code == 404
    assert_private_and_strict(response)


@pytest.mark.parametrize("route", sorted(NOT_READING_PAGES))
def test_a_visitor_opening_a_form_address_gets_no_cookie_either(client, town_content, route):
    url = "/" + re.sub(r"<(?:int|str):\w+>", "1", route.replace("<slug:slug>", "vieux-bourg"))

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert_private_and_strict(response)


def test_every_public_route_is_checked_here():
    covered = {route_of(url) for url in PUBLIC_PAGES + EMPTY_UNTIL_DECLARED}
    covered |= set(NOT_READING_PAGES)
    covered |= {route_of(url.format(token="t")) for url in LINK_PAGES}
    covered.add(route_of("/media/spaces/covers/x.png"))  # the cover image test
    covered.add(route_of("/reports/confirm/t/"))  # the report confirmation test
    covered.add(route_of("/reports/me-too/confirm/t/"))  # the me-too confirmation test
    covered.add(route_of("/reports/me-too/stop/t/"))  # the me-too confirmation test
    covered.add(route_of("/reports/R/me-too/e-mail/"))  # the e-mail me-too form's test
    covered.add(route_of("/open311/v2/tokens/t.json"))  # the Open311 token test
    covered.add(route_of("/jobs/applications/new/"))  # the application forms' test
    covered.add(route_of("/consultations/c/candidates/1/"))  # the candidate page's test
    covered.add(route_of("/jobs/o/apply/"))  # the application forms' test
    covered.add(route_of("/jobs/applications/s/"))  # the application forms' test
    covered.add(route_of("/payments/notification/"))  # the payment provider's test
    covered.add(route_of("/agenda/category/c.ics"))  # the agenda's calendar files' test
    covered.add(route_of("/agenda/event/e.ics"))  # the agenda's calendar files' test
    covered.add(route_of("/agenda/event/e/"))  # the agenda's calendar files' test
    covered.add(route_of("/wiki/p/version/1/"))  # the wiki's view tests (an old version)
    covered.add(route_of("/wiki/p/pending/1/"))  # the wiki's view tests (a held edit)
    covered.add(route_of("/agenda/event/e/register/"))  # the registration form's test
    covered.add(route_of("/agenda/registration/t/"))  # the registration form's test
    covered |= {  # the live sessions' pages' test
        route_of(url) for url in ("/live/", "/live/1/", "/live/1/transcript/")
    }
    covered |= {  # the council's pages' test
        route_of(url)
        for url in (
            "/council/",
            "/council/meetings/1/",
            "/council/deliberations/",
            "/council/deliberations/2026/",
            "/council/deliberations/2026-001/",
            "/council/deliberations.csv",
            "/council/deliberations/feed/rss/",
            "/council/deliberations/feed/atom/",
        )
    }
    covered |= {route_of(url) for url in SUGGESTION_PAGES}  # the suggestions' pages' test

    missing = public_routes() - covered

    assert missing == set(), (
        "These public routes are not checked for cookies and CSP: add an address to "
        f"PUBLIC_PAGES, or to NOT_READING_PAGES with the reason: {sorted(missing)}"
    )
    assert set(NOT_READING_PAGES) <= public_routes()  # no stale exemption


def test_a_report_s_confirmation_link_sets_no_cookie(client, town_content):
    town_content.report.status = "unconfirmed"
    town_content.report.email = "passant@example.org"
    town_content.report.confirmation_token = "a-secret-token"
    town_content.report.save()

    response = client.get("/reports/confirm/a-secret-token/")

    assert response.status_code == 200
    assert_private_and_strict(response)


def test_a_me_too_s_links_set_no_cookie(client, town_content):
    from parvis.reports.models import MeToo

    me_too = MeToo.objects.create(
        report=town_content.report, email="passant@example.org", token="a-secret-token"
    )
    response = client.get("/reports/me-too/confirm/a-secret-token/")
    assert response.status_code == 200
    assert_private_and_strict(response)

    me_too.confirmed_at = me_too.created_at
    me_too.save()
    response = client.get("/reports/me-too/stop/a-secret-token/")
    assert response.status_code == 200
    assert_private_and_strict(response)


def test_the_e_mail_me_too_form_is_a_page_of_its_own_the_report_s_page_sets_no_cookie(
    client, town_content
):
    # The report's page (cached for every visitor) only links to the form; the form's page
    # carries a CSRF token, so it sets that cookie alone, under the strict policy.
    report_page = client.get(town_content.report.get_absolute_url())
    url = f"/reports/{town_content.report.reference}/me-too/e-mail/"
    assert f'href="{url}"' in report_page.content.decode()
    assert_private_and_strict(report_page)

    opened = client.get(url)

    assert opened.status_code == 200
    assert set(opened.cookies) == {"csrftoken"}
    assert 'name="csrfmiddlewaretoken"' in opened.content.decode()
    assert opened["Cache-Control"].startswith("max-age=0")


def test_the_e_mail_me_too_form_refuses_a_post_without_its_csrf_token(town_content):
    from django.test import Client

    from parvis.reports.models import MeToo

    url = f"/reports/{town_content.report.reference}/me-too/e-mail/"
    forged = Client(enforce_csrf_checks=True).post(url, {"email": "passant@example.org"})

    assert forged.status_code == 403
    assert not MeToo.objects.exists()


def test_an_open311_token_sets_no_cookie(client, town_content):
    from django.core import signing

    token = signing.Signer(salt="parvis.open311.token").sign(str(town_content.report.pk))
    response = client.get(f"/open311/v2/tokens/{token}.json")

    assert response.status_code == 200
    assert response.json() == [{"service_request_id": "VB0001", "token": token}]
    assert_private_and_strict(response)


def test_the_application_forms_are_pages_of_their_own_the_offer_s_page_sets_no_cookie(
    client, town_content
):
    # The offers' pages (cached for every visitor) only link to the forms; a form's page
    # carries a CSRF token, so it sets that cookie alone, under the strict policy, and no
    # cache keeps it.
    offer_page = client.get("/jobs/agent-des-espaces-verts/")
    jobs_page = client.get("/jobs/")
    assert 'href="/jobs/agent-des-espaces-verts/apply/"' in offer_page.content.decode()
    assert 'href="/jobs/applications/new/"' in jobs_page.content.decode()
    assert_private_and_strict(offer_page)
    assert_private_and_strict(jobs_page)

    for url in ("/jobs/agent-des-espaces-verts/apply/", "/jobs/applications/new/"):
        opened = Client().get(url)
        assert opened.status_code == 200
        assert set(opened.cookies) == {"csrftoken"}
        assert 'name="csrfmiddlewaretoken"' in opened.content.decode()
        assert opened["Cache-Control"].startswith("max-age=0")

    # The applicant's link: its page has the withdraw and erase forms, the same way.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parvis.core.tests.documents import PDF
    from parvis.core.uploads import check_document
    from parvis.jobs.services import application_submit

    _application, secret = application_submit(
        offer=None,
        first_name="Camille",
        last_name="Martin",
        email="camille@example.org",
        cv=check_document(SimpleUploadedFile("cv.pdf", PDF)),
        letter_text="Bonjour.",
        consent=True,
    )
    opened = Client().get(f"/jobs/applications/{secret}/")
    assert opened.status_code == 200
    assert set(opened.cookies) == {"csrftoken"}
    assert opened["Cache-Control"].startswith("max-age=0")


def test_the_payment_provider_s_address_sets_no_cookie_and_refuses_what_it_cannot_read(client):
    response = client.post("/payments/notification/", "garbage", content_type="text/plain")

    assert response.status_code == 400
    assert_private_and_strict(response)


def test_the_agenda_s_calendar_files_set_no_cookie(client):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from parvis.agenda.models import Category, Event

    category = Category.objects.create(name="Marchés", slug="marches")
    starts_at = datetime(2027, 3, 13, 10, tzinfo=ZoneInfo("Europe/Paris"))
    Event.objects.create(
        title="Marché", slug="marche", place_name="Halle", category=category,
        starts_at=starts_at, ends_at=starts_at, last_ends_at=starts_at, is_published=True,
    )  # fmt: skip
    for url in (
        "/agenda/category/marches.ics",
        "/agenda/event/marche.ics",
        "/agenda/event/marche/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_private_and_strict(response)
    assert client.cookies == {}


def test_the_registration_form_is_a_page_of_its_own_the_event_s_page_sets_no_cookie(client):
    # The event's page (cached for every visitor) only links to the form; the form's page and
    # the registrant's link carry a CSRF token, so they set that cookie alone, under the
    # strict policy, and no cache keeps them.
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from parvis.agenda import registrations
    from parvis.agenda.models import Event

    starts_at = datetime(2030, 6, 15, 18, 30, tzinfo=ZoneInfo("Europe/Paris"))
    event = Event.objects.create(
        title="Atelier compost", slug="atelier-compost", place_name="Jardin partagé",
        starts_at=starts_at, ends_at=starts_at, last_ends_at=starts_at, is_published=True,
        registration_required=True, capacity=10,
    )  # fmt: skip
    event_page = client.get("/agenda/event/atelier-compost/")
    assert 'href="/agenda/event/atelier-compost/register/"' in event_page.content.decode()
    assert_private_and_strict(event_page)

    _registration, secret = registrations.registration_create(
        event=event, name="Camille Martin", email="camille@example.org"
    )
    for url in ("/agenda/event/atelier-compost/register/", f"/agenda/registration/{secret}/"):
        opened = Client().get(url)
        assert opened.status_code == 200
        assert set(opened.cookies) == {"csrftoken"}
        assert 'name="csrfmiddlewaretoken"' in opened.content.decode()
        assert "no-store" in opened["Cache-Control"] or opened["Cache-Control"].startswith(
            "max-age=0"
        )


def test_the_council_s_pages_set_no_cookie(client):
    from datetime import date

    from parvis.council.tests.factories import make_deliberation, make_meeting

    meeting = make_meeting()
    make_deliberation(meeting, "2026-001", date=date(2026, 3, 12))
    for url in (
        "/council/",
        f"/council/meetings/{meeting.pk}/",
        "/council/deliberations/",
        "/council/deliberations/2026/",
        "/council/deliberations/2026-001/",
        "/council/deliberations.csv",
        "/council/deliberations/feed/rss/",
        "/council/deliberations/feed/atom/",
        "/en/council/deliberations/2026-001/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private_and_strict(response)
    assert client.cookies == {}


SUGGESTION_PAGES = (
    "/suggestions/",
    "/suggestions/1/",
    "/spaces/centre-ville/suggestions/",
    "/suggestions/feed/rss/",
    "/suggestions/feed/atom/",
    "/spaces/centre-ville/suggestions/feed/rss/",
    "/spaces/centre-ville/suggestions/feed/atom/",
    "/map/suggestions/?bbox=1.68,46.80,1.70,46.82&zoom=14",
)


def test_the_suggestions_pages_set_no_cookie(client):
    from conftest import make_user
    from parvis.suggestions.models import Suggestion, Visibility
    from parvis.suggestions.tests.factories import make_neighbourhood, make_suggestion

    space, _councillor = make_neighbourhood("centre-ville")
    author = make_user("auteur@example.org")
    public = make_suggestion(author, space, title="Des bancs", lat=46.81, lon=1.69)
    private = make_suggestion(author, space, title="Secret", visibility=Visibility.PRIVATE)
    assert Suggestion.objects.count() == 2
    for url in (*SUGGESTION_PAGES, "/en/suggestions/"):
        response = client.get(url.replace("/suggestions/1/", f"/suggestions/{public.pk}/"))
        assert response.status_code == 200, url
        assert_private_and_strict(response)
    response = client.get(f"/suggestions/{private.pk}/")
    assert response.status_code == 404
    assert_private_and_strict(response)
    assert client.cookies == {}


def test_a_candidate_s_page_sets_no_cookie(client, town_content, other_resident):
    from parvis.votes import services
    from parvis.votes.models import Method
    from parvis.votes.tests.factories import make_consultation

    election = make_consultation(
        "conseil-des-jeunes",
        method=Method.ELECTION,
        options=(),
        state="upcoming",
        max_choices=2,
        space=town_content.neighbourhood,
    )
    candidacy = services.candidacy_submit(
        consultation=election, user=other_resident, name="Dominique", presentation="x",
        projects="y",
    )  # fmt: skip
    services.candidacy_decide(candidacy=candidacy, validate=True, actor=None)

    response = client.get(candidacy.get_absolute_url())

    assert response.status_code == 200
    assert_private_and_strict(response)


def test_the_live_sessions_pages_set_no_cookie(client):
    from parvis.live.models import SessionState
    from parvis.live.tests.factories import question_create, session_create

    live = session_create()
    done = session_create(live.space, state=SessionState.PUBLISHED, title="Passée")
    from conftest import make_user

    question_create(live, make_user("asker@example.org"))
    for url in ("/live/", f"/live/{live.pk}/", f"/live/{done.pk}/transcript/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private_and_strict(response)
    assert client.cookies == {}
