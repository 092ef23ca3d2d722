"""`parvis demo`: the demo town, the same on every run, with working demo accounts."""

from __future__ import annotations

import datetime
import itertools
from collections import Counter
from pathlib import Path

import pyotp
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image
from shapely.geometry import Point, shape
from shapely.ops import unary_union

from parvis.accounts.models import RoleAssignment, User
from parvis.accounts.roles import STAFF_ROLES, Role
from parvis.addresses.models import Address, Street
from parvis.comments.models import Comment
from parvis.core.geo import area_centre, area_contains, parse_area
from parvis.core.models import AuditEntry, Generation
from parvis.core.town import current_town
from parvis.demo import addresses as demo_addresses
from parvis.demo.directory import ENTRIES as DIRECTORY
from parvis.demo.family import HOUSEHOLDS, MARTIN_REFERENCE, SERVICES, booking_window
from parvis.demo.observations import MEMBERS as PANEL
from parvis.demo.people import ACCOUNTS, RESIDENT_ACCOUNTS, STAFF_ACCOUNTS, VOICES
from parvis.demo.tests.conftest import DemoBuild, run_demo
from parvis.demo.votes import CANDIDATES
from parvis.directory.models import Entry
from parvis.family.models import (
    Booking,
    Child,
    Household,
    Invoice,
    InvoiceLine,
    InvoiceRun,
    InvoiceStatus,
    MenuDay,
    PaidHow,
    Registration,
    RegistrationStatus,
    Season,
)
from parvis.jobs.models import Application, ApplicationEvent, Offer, ReplyTemplate
from parvis.moderation.models import Flag, WordListEntry
from parvis.news.models import Announcement, Article
from parvis.notifications.models import Notification, Subscription
from parvis.payments.models import Payment, PaymentStatus
from parvis.roadworks.models import Impact, Works
from parvis.search.models import SearchDocument
from parvis.spaces.models import MemberRole, Space, SpaceKind, SpaceMembership, SpacePage
from parvis.spaces.selectors import spaces_at
from parvis.tags.models import Tag

DOCS = Path(__file__).resolve().parents[3] / "docs" / "demo.md"
#: 14 spaces and their 32 pages, 188 published articles, 496 announcements, 254 published
#: comments, the directory's entries, the 40 published roadworks and 11 published job offers,
#: the council's 22 minutes and 150 deliberations, the agenda's 300 events, the 30 public
#: suggestions (three in each of the ten neighbourhoods; the private one is not searched),
#: the wiki's 100 articles and the 24 comments of its talk pages, the tram's two live sessions,
#: the 600 photos and their 6 albums, the 1,404 videos, the two podcast shows and their seven
#: episodes.
SEARCH_DOCUMENTS = (
    14
    + 32
    + 188
    + 496
    + 254
    + DIRECTORY
    + 40
    + 11
    + 22
    + 150
    + 300
    + 30
    + 100
    + 24
    + 2
    + 600
    + 6
    + 1404
    + 2
    + 7
)
#: The lines of `demo/data/adresses-demo.csv`, less its header.
DEMO_ADDRESSES = 449


def snapshot(media: Path | None = None) -> dict:
    """Everything the demo writes, in a comparable form (with its files, given where)."""
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in (
                Space,
                SpacePage,
                SpaceMembership,
                User,
                EmailAddress,
                RoleAssignment,
                Authenticator,
                Subscription,
                AuditEntry,
                Tag,
                Article,
                Announcement,
                Comment,
                Flag,
                WordListEntry,
                Notification,
                DBTaskResult,
                SearchDocument,
                Address,
                Street,
                Works,
                Impact,
                Offer,
                Application,
                ApplicationEvent,
                ReplyTemplate,
                Household,
                Child,
                Registration,
                Booking,
                InvoiceRun,
                Invoice,
                InvoiceLine,
                Payment,
                MenuDay,
                Entry,
            )
        },
        "addresses": sorted(Address.objects.values_list("ban_id", "lon", "lat", "import_run")),
        "boundaries": dict(Space.objects.values_list("slug", "boundary")),
        "covers": dict(Space.objects.values_list("slug", "cover")),
        "pages": sorted(SpacePage.objects.values_list("space__slug", "slug", "title", "body")),
        "passwords": dict(User.objects.values_list("email", "password")),
        "articles": sorted(
            Article.objects.values_list(
                "slug", "title", "body", "image", "image_alt", "status", "published_at",
                "updated_at",
            )
        ),
        "announcements": sorted(
            Announcement.objects.values_list("text", "image", "status", "published_at", "updated_at")
        ),
        "directory": sorted(
            Entry.objects.values_list("slug", "name", "lat", "lon", "opening_hours", "updated_at")
        ),
        "comments": sorted(
            Comment.objects.values_list("pk", "body", "moderation_status", "created_at")
        ),
        "files": (
            sorted((str(path), path.stat().st_mtime_ns) for path in media.rglob("*"))
            if media is not None
            else None
        ),
    }  # fmt: skip


def canteen_days() -> list[datetime.date]:
    """The days Camille Martin's daughter is booked: the Mondays, Tuesdays, Thursdays and
    Fridays from the school year's first day to the end of next month, less 11 November and
    1 May (the canteen's closed days)."""
    start, end = booking_window(timezone.localdate())
    days = (start + datetime.timedelta(days=n) for n in range((end - start).days + 1))
    return [
        day
        for day in days
        if day.weekday() in (0, 1, 3, 4) and (day.month, day.day) not in ((11, 11), (5, 1))
    ]


def invoiced_months() -> list[datetime.date]:
    """The school year's months gone by (each invoiced in full), oldest first."""
    today = timezone.localdate()
    start, _end = booking_window(today)
    months = []
    while start < today.replace(day=1):
        months.append(start)
        start = (start + datetime.timedelta(days=32)).replace(day=1)
    return months


@pytest.mark.django_db
def test_the_first_run_reports_what_it_created(demo: DemoBuild):
    booked, invoices = Booking.objects.count(), Invoice.objects.count()
    lines = InvoiceLine.objects.count()
    paid = Invoice.objects.filter(paid_how__in=[PaidHow.ONLINE, PaidHow.COUNTER]).count()

    assert snapshot()["counts"] == {
        "Space": 14,
        "SpacePage": 32,
        "SpaceMembership": 13,
        "User": 21 + len(VOICES) + PANEL + len(CANDIDATES),
        "EmailAddress": 21 + len(VOICES) + PANEL + len(CANDIDATES),
        "RoleAssignment": 8,
        "Authenticator": 7,
        # the residents' nine spaces, and each of the 31 suggestions followed by its author
        "Subscription": 9 + 31,
        "Tag": 9,
        "Article": 200,
        "Announcement": 500,
        "Comment": 258 + 24,  # the news' and pages', the wiki's talk pages
        "Flag": 1,
        "WordListEntry": 4,
        # one per article, announcement, space page and reply published; none fanned out:
        # nobody followed anything yet
        "Notification": 188 + 496 + 32 + 50 + 12 + 7,  # … the wiki's 12 replies, 7 episodes
        "DBTaskResult": 0,
        # the published articles and announcements, and the published comments
        "SearchDocument": SEARCH_DOCUMENTS,
        "Address": DEMO_ADDRESSES,
        "Street": 30,
        "Entry": DIRECTORY,
        "AuditEntry": (
            14 + 32 + 13 + 8  # one per space, page, membership and role granted
            + 9 + 4  # tags, word list
            + 200 + 195 + 188 + 3  # articles written, submitted, published, scheduled
            + 500 + 496  # announcements written, published
            + 258 + 24 + 1  # comments (24 on the wiki's talk pages), a flag
            + 40  # roadworks
            + 300  # events
            + 12  # job offers
            + 8  # job applications received
            + len(invoiced_months())  # a month's invoice run
            + paid  # an invoice paid (online or at the town hall)
            + 2 + 7  # podcast shows and episodes
        ),
        "Works": 40,
        "Impact": 75,
        "Offer": 12,
        "Application": 8,
        # five notes, six changes of status (all but the two still received)
        "ApplicationEvent": 5 + 6,
        "ReplyTemplate": 4,
        "Household": 300,
        "Child": 533,
        # Camille Martin's two children (one at the canteen, one waiting), and 711 more
        # registrations drawn for the other children (see the family space's test)
        "Registration": 2 + 711,
        # What the date makes them: checked in detail by the family space's test
        "Booking": booked,
        "InvoiceRun": len(invoiced_months()),
        "Invoice": invoices,
        "InvoiceLine": lines,
        "Payment": Invoice.objects.filter(paid_how=PaidHow.ONLINE).count(),
        "MenuDay": 8,
    }  # fmt: skip
    assert demo.output.startswith(
        "Demo town built: created 54 account, 449 address, 6 album, 500 announcement, 200 article, "
        f"420 ballot, {booked} booked day, "
        "20 campaign member, 8 candidacy, 8 canteen menu, 4 caption track, 533 child, 282 comment, "
        "4 consultation, 22 council document, "
        "24 council meeting, 150 deliberation, 5 directory category, "
        "1500 directory entry, 300 event, 9 event category, 5 family service, 1 flag, 300 household, "
        + (f"{invoices} invoice, " if invoices else "")
        + "8 job application, 12 job offer, 6 live question, 2 live session, 13 membership, 2000 observation, "
        "1 observation campaign, 32 page, 600 photo, 3 playlist, 7 podcast episode, 2 podcast show, "
        "713 registration, 4 reply template, 5000 report, "
        "6 report category, "
        "9008 report status change, 8 role, 3 school, 14 space, 9 subscription, "
        "31 suggestion, 37 suggestion answer, 4 suggestion category, 99 suggestion support, "
        "9 tag, 7 totp, 1404 video, 8 video category, 26 video of the playlist, 100 wiki article, 7 wiki category, 1 wiki redirect, 350 wiki revision, "
        "4 word list entry, 40 works."
    )


@pytest.mark.django_db
def test_running_the_demo_again_changes_nothing(demo: DemoBuild):
    first = snapshot(demo.media)

    second_output = run_demo()

    # No row, no file, no audit entry, no task: nobody gets a message either.
    assert snapshot(demo.media) == first
    assert second_output.startswith("The demo town is already up to date: nothing changed.")


@pytest.mark.django_db
def test_building_the_demo_makes_every_cached_page_render_again(demo: DemoBuild):
    # Part of the demo is written in bulk, which no model signal reports: the build itself
    # moves the town's generation, which every cached page depends on.
    town = Generation.objects.get(key="town").value

    run_demo()

    assert Generation.objects.get(key="town").value == town + 1


@pytest.mark.django_db
def test_the_demo_has_the_spaces_the_issue_asks_for(demo: DemoBuild):

    kinds = dict(
        (kind, sorted(Space.objects.filter(kind=kind).values_list("name", flat=True)))
        for kind in SpaceKind
    )
    assert len(kinds[SpaceKind.NEIGHBOURHOOD]) == 10
    assert {"Centre-Ville", "Gare", "Les Tilleuls"} <= set(kinds[SpaceKind.NEIGHBOURHOOD])
    assert kinds[SpaceKind.PROJECT] == ["Ligne de tram T1"]
    assert kinds[SpaceKind.COUNCIL] == ["Conseil municipal des jeunes"]
    assert kinds[SpaceKind.THEME] == ["Transition écologique", "Vie associative"]
    for space in Space.objects.filter(kind=SpaceKind.NEIGHBOURHOOD):
        page_slugs = set(space.pages.values_list("slug", flat=True))
        assert {"histoire", "infos-pratiques"} <= page_slugs
        assert len(page_slugs) in (2, 3)
        assert space.memberships.filter(role=MemberRole.COUNCILLOR).count() == 1
    tram = Space.objects.get(slug="tram-t1")
    assert {"calendrier", "impacts-des-travaux"} <= set(tram.pages.values_list("slug", flat=True))
    assert tram.memberships.filter(role=MemberRole.PROJECT_LEAD).count() == 1
    assert tram.boundary is not None
    assert Space.objects.get(slug="conseil-municipal-des-jeunes").moderation_policy == "before"


@pytest.mark.django_db
def test_neighbourhoods_tile_the_town_without_overlapping(demo: DemoBuild):
    areas = dict(Space.objects.filter(kind=SpaceKind.NEIGHBOURHOOD).values_list("slug", "boundary"))
    shapes = {slug: shape(parse_area(area)) for slug, area in areas.items()}

    for slug, area in areas.items():
        lat, lon = area_centre(area)
        assert area_contains(area, lat=lat, lon=lon), slug
        assert shapes[slug].geom_type == "Polygon", slug
    for (a, shape_a), (b, shape_b) in itertools.combinations(shapes.items(), 2):
        # Neighbours share borders (length) but no surface; 1e-12 deg² is about 0.01 m².
        assert shape_a.intersection(shape_b).area < 1e-12, (a, b)
    town = unary_union(list(shapes.values()))
    assert town.geom_type == "Polygon"
    assert list(town.interiors) == []  # no gap left between neighbourhoods
    assert town.area == pytest.approx(sum(s.area for s in shapes.values()), rel=1e-9)
    centre_lat, centre_lon = current_town().centre
    assert shapes["centre-ville"].contains(Point(centre_lon, centre_lat))
    _, min_lat, _, max_lat = town.bounds
    assert 3 < (max_lat - min_lat) * 110.574 < 7  # kilometres north to south
    # The Space rows keep the bounding box the service computes.
    space = Space.objects.get(slug="gare")
    assert (space.bbox_min_lon, space.bbox_min_lat, space.bbox_max_lon, space.bbox_max_lat) == (
        shapes["gare"].bounds
    )


@pytest.mark.django_db
def test_every_space_has_a_generated_cover_with_a_text_alternative(demo: DemoBuild):

    for space in Space.objects.all():
        assert space.cover.name == f"spaces/covers/demo-{space.slug}.jpg"
        assert space.cover_alt.startswith("Illustration : ")
        with default_storage.open(space.cover.name, "rb") as stored, Image.open(stored) as image:
            assert (image.format, image.size) == ("JPEG", (1200, 500))


@pytest.mark.django_db
def test_every_staff_role_has_one_demo_account_with_totp(demo: DemoBuild):

    for role in STAFF_ROLES:
        holders = User.objects.filter(role_assignments__role=role)
        assert holders.count() == 1, role
        (user,) = holders
        (account,) = [a for a in STAFF_ACCOUNTS if a.email == user.email]
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).count() == 1
        assert user.check_password(account.password)
    verified = User.objects.filter(role_assignments__role=Role.VERIFIED_RESIDENT)
    assert list(verified.values_list("email", flat=True)) == [
        "camille.martin@villeneuve-du-parvis.example"
    ]
    assert EmailAddress.objects.filter(verified=False).count() == 0
    assert all(
        email.endswith("@villeneuve-du-parvis.example")
        for email in User.objects.values_list("email", flat=True)
    )


@pytest.mark.django_db
def test_a_tester_signs_in_as_staff_with_the_printed_password_and_secret(client, demo: DemoBuild):
    output = demo.output
    account = next(a for a in STAFF_ACCOUNTS if Role.MODERATOR in a.roles)
    assert account.totp_secret in output

    response = client.post(
        "/accounts/login/", {"login": account.email, "password": account.password}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    cache.clear()
    response = client.post(
        "/accounts/2fa/authenticate/", {"code": pyotp.TOTP(account.totp_secret).now()}
    )

    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


@pytest.mark.django_db
def test_residents_follow_the_spaces_of_their_demo_account(client, demo: DemoBuild):

    for account in RESIDENT_ACCOUNTS:
        user = User.objects.get(email=account.email)
        followed = Space.objects.filter(
            pk__in=Subscription.objects.filter(
                user=user, target_type=ContentType.objects.get_for_model(Space)
            ).values("target_id")
        )
        assert sorted(followed.values_list("slug", flat=True)) == sorted(account.follows)
        assert not user.is_staff


@pytest.mark.django_db
def test_the_printed_output_lists_every_account(demo: DemoBuild):
    output = demo.output

    assert "DEMO ONLY" in output
    for account in ACCOUNTS:
        line = next(line for line in output.splitlines() if account.email in line)
        assert account.password in line
        assert (account.totp_secret or "-") in line
    # Everyone but the odour panel's members, who are counted in the first line.
    for email in User.objects.exclude(email__startswith="nez-").values_list("email", flat=True):
        assert email in output
    # Accounts without a demo password cannot sign in at all.
    passwordless = User.objects.exclude(email__in=[a.email for a in ACCOUNTS])
    assert passwordless.count() == 10 + len(VOICES) + PANEL + len(CANDIDATES)
    assert not any(user.has_usable_password() for user in passwordless)


@pytest.mark.django_db
def test_a_second_run_puts_back_a_changed_password_and_totp_secret(demo: DemoBuild):
    resident = User.objects.get(email=RESIDENT_ACCOUNTS[0].email)
    resident.set_password("another-password-of-mine")
    resident.save(update_fields=["password"])
    admin_account = STAFF_ACCOUNTS[0]
    Authenticator.objects.filter(user__email=admin_account.email).delete()

    output = run_demo()

    assert output.startswith("Demo town built: created 1 totp; updated 1 password.")
    assert User.objects.get(pk=resident.pk).check_password(RESIDENT_ACCOUNTS[0].password)
    assert Authenticator.objects.filter(user__email=admin_account.email).count() == 1


def test_demo_passwords_pass_the_password_validators():
    for account in ACCOUNTS:
        user = User(
            email=account.email,
            first_name=account.first_name,
            last_name=account.last_name,
            display_name=account.display_name,
        )
        validate_password(account.password, user)  # raises if one is refused
        assert len({a.password for a in ACCOUNTS}) == len(ACCOUNTS)
    for account in STAFF_ACCOUNTS:
        assert len(account.totp_secret) == 32
        assert len(pyotp.TOTP(account.totp_secret).byte_secret()) == 20


def test_docs_list_every_demo_account_with_its_password_and_secret():
    text = DOCS.read_text(encoding="utf-8")

    assert "demo only" in text.lower()
    for account in ACCOUNTS:
        line = next(line for line in text.splitlines() if account.email in line)
        assert account.password in line
        if account.totp_secret:
            assert account.totp_secret in line


@pytest.mark.django_db
def test_demo_spaces_render_with_their_map_cover_members_and_pages(client, demo: DemoBuild):

    response = client.get("/spaces/les-tilleuls/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="space-map"' in html
    assert 'alt="Illustration : des collines' in html
    assert "Nadia Haddad" in html
    assert "Conseillère municipale déléguée au quartier Les Tilleuls" in html
    for page in SpacePage.objects.filter(space__slug="les-tilleuls"):
        assert client.get(page.get_absolute_url()).status_code == 200
    home = client.get("/").content.decode()
    assert "Ligne de tram T1" in home
    assert "Conseil municipal des jeunes" in home


@pytest.mark.django_db
def test_a_space_says_how_many_follow_it_and_when_nobody_does_yet(client, demo: DemoBuild):
    # In the demo, one resident follows the Centre-Ville, two the tram, nobody Bellevue.
    def meta(path: str) -> str:
        html = client.get(path).content.decode()
        return html.split('<span class="card__meta">', 1)[1].split("</span>", 1)[0]

    assert meta("/spaces/centre-ville/") == "Suivi par 1 personne"
    assert meta("/spaces/tram-t1/") == "Suivi par 2 personnes"
    assert meta("/spaces/bellevue/") == "Personne ne suit encore cet espace"
    assert meta("/en/spaces/bellevue/") == "Nobody follows this space yet"
    assert meta("/en/spaces/centre-ville/") == "1 follower"


@pytest.mark.django_db
def test_every_demo_address_lies_in_a_neighbourhood_and_is_found(client, demo: DemoBuild):
    addresses = list(Address.objects.select_related("street"))
    neighbourhoods = spaces_at([(address.lat, address.lon) for address in addresses])
    assert None not in neighbourhoods
    # Each neighbourhood has its three streets.
    assert len({space.slug for space in neighbourhoods}) == 10
    answer = client.get("/addresses/search/", {"q": "1 rue de la gare"}).json()
    assert [(r["label"], r["neighbourhood"]["name"]) for r in answer["results"]] == [
        ("1 Rue de la Gare, 36000 Villeneuve-du-Parvis", "Gare"),
    ]


def test_the_committed_address_file_is_what_the_script_writes():
    assert demo_addresses.DATA_FILE.read_text(encoding="utf-8") == "".join(demo_addresses.lines())


@pytest.mark.django_db
def test_the_roadworks_lie_in_the_town_a_fifth_on_the_tram_route(demo: DemoBuild):
    from parvis.roadworks.selectors import Period, works_list

    tram = Space.objects.get(slug="tram-t1")
    corridor = shape(tram.boundary)
    works = list(Works.objects.all())
    assert len(works) == 40
    on_tram = [w for w in works if w.space_id == tram.pk]
    assert len(on_tram) == 8
    assert all(corridor.buffer(0.0005).covers(shape(w.geometry)) for w in on_tram)
    points = [(lat, lon) for w in works for lon, lat in (
        [w.geometry["coordinates"]] if w.geometry["type"] == "Point" else w.geometry["coordinates"])]  # fmt: skip
    assert None not in spaces_at(points)
    assert {
        len(list(works_list(period=p))) > 5 for p in (Period.PAST, Period.CURRENT, Period.UPCOMING)
    } == {True}
    assert Works.objects.filter(ends_on__isnull=True).exists()


def test_the_demo_reports_lie_in_the_neighbourhoods_with_their_fields_and_history(
    demo: DemoBuild,
):
    from shapely.geometry import Point, shape

    from parvis.reports.models import Report, ReportStatus, StatusChange

    reports = Report.objects.filter(reference__startswith="DM")
    assert reports.count() == 5000
    assert set(reports.values_list("category__slug", flat=True).distinct()) == {
        "odeur", "bruit", "nid-de-poule", "eclairage", "depot-sauvage",
    }  # fmt: skip
    areas = [
        shape(boundary)
        for boundary in Space.objects.filter(kind="neighbourhood").values_list(
            "boundary", flat=True
        )
    ]
    for lat, lon in reports.values_list("lat", "lon")[::50]:
        assert any(area.contains(Point(lon, lat)) for area in areas)
    odour = reports.filter(category__slug="odeur").first()
    assert 1 <= odour.extra["intensity"] <= 5 and odour.extra["kind"]
    noise = reports.filter(category__slug="bruit").first()
    assert set(noise.extra) == {"kind", "time"}
    assert reports.filter(status=ReportStatus.UNCONFIRMED).count() == 0
    statuses = set(reports.order_by().values_list("status", flat=True).distinct())
    assert {ReportStatus.OPEN, ReportStatus.IN_PROGRESS, ReportStatus.FIXED} <= statuses
    # Every report not open has the history that led it there, each step with a message.
    fixed = reports.filter(status=ReportStatus.FIXED).first()
    steps = list(StatusChange.objects.filter(report=fixed).order_by("created_at", "id"))
    assert steps[-1].to_status == ReportStatus.FIXED and all(step.message for step in steps)
    # The technical-services officer's doing, as in a real town.
    assert {step.actor.email for step in steps} == {"technique@villeneuve-du-parvis.example"}
    assert StatusChange.objects.count() == 9008


@pytest.mark.django_db
def test_the_family_space_holds_a_school_year_of_bookings_and_invoices(demo: DemoBuild):
    today = timezone.localdate()
    start, end = booking_window(today)
    households = Household.objects.all()
    # Twelve written by hand, the rest drawn; quotients spread over the three brackets,
    # some without a certificate, some with an expired one (both pay the highest).
    assert {name for name, _quotient, _children in HOUSEHOLDS} <= set(
        households.values_list("name", flat=True)
    )
    assert households.filter(quotient=None).count() == 43
    assert households.filter(quotient__isnull=False, quotient_valid_until__lt=start).count() == 15
    valid = households.filter(quotient_valid_until__gte=start)
    assert valid.filter(quotient__lte=600).count() == 81
    assert valid.filter(quotient__gt=600, quotient__lte=1200).count() == 78
    assert valid.filter(quotient__gt=1200).count() == 83
    assert Counter(Registration.objects.values_list("season__service__slug", "status")) == {
        ("cantine", RegistrationStatus.VALIDATED): 452,
        ("periscolaire-soir", RegistrationStatus.VALIDATED): 144,
        ("periscolaire-soir", RegistrationStatus.REQUESTED): 1,  # Hugo Martin
        ("mercredis", RegistrationStatus.VALIDATED): 86,
        ("periscolaire-matin", RegistrationStatus.VALIDATED): 30,
    }

    # Booked days: the days each service runs, from September to the end of next month,
    # never beyond a day's capacity (the canteen's busiest day: 380 of 440 places).
    seasons = {season.pk: season for season in Season.objects.select_related("service")}
    per_day = Counter(Booking.objects.values_list("season_id", "day"))
    assert all(seasons[season_id].runs_on(day) for season_id, day in per_day)
    assert min(day for _season, day in per_day) == start
    assert max(day for _season, day in per_day) <= end
    assert all(n <= seasons[season_id].service.capacity for (season_id, _day), n in per_day.items())
    capacities = {slug: capacity for slug, _name, _kind, _days, capacity, _ages in SERVICES}
    busiest = Counter()
    for (season_id, _day), n in per_day.items():
        slug = seasons[season_id].service.slug
        busiest[slug] = max(busiest[slug], n)
    assert busiest["cantine"] == 380 <= capacities["cantine"]
    # Staff recorded who came on the days gone by, only on them.
    assert not Booking.objects.filter(day__lt=today, attended=None).exists()
    assert not Booking.objects.filter(day__gte=today, attended__isnull=False).exists()
    if Booking.objects.filter(day__lt=today).exists():
        assert Booking.objects.filter(attended=False).exists()
    martin = Household.objects.get(reference=MARTIN_REFERENCE)
    assert martin.name == "Famille Martin"
    assert (
        list(
            Booking.objects.filter(registration__child__household=martin).values_list(
                "day", flat=True
            )
        )
        == canteen_days()
    )

    # One run per month gone by: every household with days charged that month has one
    # invoice of it, whose total is its lines'.
    months = invoiced_months()
    assert sorted(InvoiceRun.objects.values_list("month", flat=True)) == months
    for month in months:
        charged = (
            Booking.objects.filter(day__year=month.year, day__month=month.month)
            .exclude(attended=False)
            .values_list("registration__child__household_id", flat=True)
        )
        invoiced = Invoice.objects.filter(month=month).values_list("household_id", flat=True)
        assert sorted(invoiced) == sorted(set(charged))
    for invoice in Invoice.objects.prefetch_related("lines"):
        assert invoice.total == sum(line.amount for line in invoice.lines.all())

    # Paid online (with the payment's row), at the town hall, or not yet; the Martin
    # household's last invoice waits for Camille Martin to pay it.
    online = Invoice.objects.filter(status=InvoiceStatus.PAID, paid_how=PaidHow.ONLINE)
    payments = Payment.objects.filter(payable_kind="family.invoice", status=PaymentStatus.PAID)
    assert sorted(payments.values_list("payable_id", "amount")) == sorted(
        online.values_list("pk", "total")
    )
    assert Payment.objects.exclude(status=PaymentStatus.PAID).count() == 0
    theirs = list(Invoice.objects.filter(household=martin).order_by("month"))
    assert [invoice.month for invoice in theirs] == months
    if months:
        *older, last = theirs
        assert last.status == InvoiceStatus.ISSUED and last.payable
        assert all(invoice.paid_how == PaidHow.ONLINE for invoice in older)
        assert set(
            Payment.objects.filter(payable_id__in=[invoice.pk for invoice in older]).values_list(
                "user__email", flat=True
            )
        ) == ({"camille.martin@villeneuve-du-parvis.example"} if older else set())
    if len(months) > 1:
        statuses = Counter(Invoice.objects.values_list("status", "paid_how"))
        assert (
            statuses[InvoiceStatus.PAID, PaidHow.ONLINE]
            > statuses[InvoiceStatus.PAID, PaidHow.COUNTER]
            > 0
        )
        assert statuses[InvoiceStatus.ISSUED, ""] > 0
        overdue = Invoice.objects.filter(status=InvoiceStatus.OVERDUE)
        assert all(invoice.due_on < today for invoice in overdue)


@pytest.mark.django_db
def test_camille_martin_sees_her_children_in_the_family_space(client, demo: DemoBuild):
    client.force_login(User.objects.get(email="camille.martin@villeneuve-du-parvis.example"))

    response = client.get("/family/")

    assert response.status_code == 200
    assert "Lina" in response.text and "Hugo" in response.text


@pytest.mark.django_db
def test_every_neighbourhood_has_suggestions_answered_by_its_councillor(client, demo: DemoBuild):
    from parvis.suggestions.models import Answer, Suggestion, SuggestionStatus, Visibility

    for space in Space.objects.filter(kind=SpaceKind.NEIGHBOURHOOD):
        councillor = SpaceMembership.objects.get(space=space, role=MemberRole.COUNCILLOR)
        answers = Answer.objects.filter(suggestion__space=space)
        assert Suggestion.objects.filter(space=space, visibility=Visibility.PUBLIC).count() == 3
        assert answers.exists(), space.slug
        assert {a.signed_name for a in answers} == {councillor.display_name}, space.slug
        assert {a.signed_function for a in answers} == {councillor.title}, space.slug
    statuses = set(Suggestion.objects.values_list("status", flat=True))
    assert statuses == set(SuggestionStatus.values)
    assert Suggestion.objects.filter(support_count__gt=0).count() == 30
    (private,) = Suggestion.objects.filter(visibility=Visibility.PRIVATE)
    assert client.get(private.get_absolute_url()).status_code == 404
    declined = Suggestion.objects.filter(status=SuggestionStatus.DECLINED).first()
    assert declined.answers.get(to_status=SuggestionStatus.DECLINED).text
    page = client.get("/spaces/centre-ville/").content.decode()
    assert 'id="space-suggestions-title"' in page  # the section, with its median


def test_the_demo_has_two_podcasts_whose_feeds_give_every_episode_s_duration(
    client, demo: DemoBuild
):
    import feedparser

    from parvis.podcasts.models import Episode, Show

    assert sorted(Show.objects.values_list("slug", flat=True)) == [
        "la-voix-du-parvis",
        "paroles-de-jeunes",
    ]
    feed = feedparser.parse(client.get("/podcasts/la-voix-du-parvis/feed/rss/").content)
    assert not feed.bozo
    assert [entry.itunes_duration for entry in feed.entries] == ["26", "30", "38", "42"]
    assert all(entry.enclosures[0]["type"] == "audio/mpeg" for entry in feed.entries)
    episode = Episode.objects.get(slug="le-budget-explique")
    # 42 s of MP3 frames of 24 ms, 96 bytes each.
    assert (episode.duration, episode.audio_size) == (42, 1750 * 96)
    page = client.get("/podcasts/la-voix-du-parvis/le-budget-explique/").content.decode()
    assert '<audio controls preload="none"' in page
    assert "Bonjour et bienvenue dans cet épisode" in page


@pytest.mark.django_db
def test_the_demo_spaces_and_tags_show_their_photos_videos_and_podcasts(client, demo: DemoBuild):
    from bs4 import BeautifulSoup

    from parvis.demo.videos import SUBJECTS

    def section(path: str, name: str) -> str:
        page = BeautifulSoup(client.get(path).content.decode(), "html.parser")
        found = page.select_one(f"section[aria-labelledby={name}]")
        assert found is not None, (path, name)
        return found.get_text()

    assert "Le marché du samedi" in section("/spaces/centre-ville/", "space-albums")
    assert "Les couleurs du marché" in section("/spaces/centre-ville/", "space-videos")
    assert "Le chantier du tram" in section("/spaces/tram-t1/", "space-albums")
    assert "Paroles de jeunes" in section("/spaces/conseil-municipal-des-jeunes/", "space-podcasts")
    assert "Conseil des jeunes" in section("/spaces/conseil-municipal-des-jeunes/", "space-videos")
    assert "Les berges" in section("/tags/environnement/", "tag-photos")
    culture = section("/tags/culture/", "tag-videos")
    assert any(subject in culture for subject in SUBJECTS["culture"])
    assert not any(subject in culture for subject in SUBJECTS["patrimoine"])
