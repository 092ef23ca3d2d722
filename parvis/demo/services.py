"""Build the demo town: the same data on every run, and a second run changes nothing.

Every object is looked up by its natural key (a space's slug, a page's slug in its space, an
e-mail address) and written through the owning app's services only when something differs,
so a second run writes no row, no audit entry and no file.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.contrib.auth.hashers import check_password, make_password
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from parvis.accounts.models import User
from parvis.accounts.names import display_name_clean
from parvis.accounts.roles import Role
from parvis.accounts.services import role_grant
from parvis.addresses.models import Address
from parvis.addresses.services import addresses_import
from parvis.core import generations
from parvis.core.geo import parse_area
from parvis.core.town import current_town
from parvis.demo import addresses as demo_addresses
from parvis.demo import content, people, publishing
from parvis.demo.agenda import agenda_ensure
from parvis.demo.council import council_ensure
from parvis.demo.covers import cover_image
from parvis.demo.directory import directory_ensure
from parvis.demo.family import GUARDIAN_EMAIL_LOCAL, family_ensure
from parvis.demo.geometry import corridor_area, neighbourhood_areas
from parvis.demo.jobs import applications_ensure, jobs_ensure
from parvis.demo.live import live_ensure
from parvis.demo.observations import observations_ensure
from parvis.demo.photos import photos_ensure
from parvis.demo.podcasts import podcasts_ensure
from parvis.demo.reports import reports_ensure
from parvis.demo.roadworks import roadworks_ensure
from parvis.demo.suggestions import suggestions_ensure
from parvis.demo.videos import videos_ensure
from parvis.demo.votes import votes_ensure
from parvis.demo.wiki import wiki_ensure
from parvis.notifications.services import subscription_create
from parvis.spaces.models import MemberRole, Space, SpaceMembership, SpacePage
from parvis.spaces.services import membership_add, space_page_save, space_save

COVER_DIRECTORY = "spaces/covers"


@dataclass
class DemoReport:
    """What a run did, counted per kind of object: {"space": 16, …}."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    #: Accounts that answer for spaces on their pages but cannot sign in (no password).
    people: list[content.Person] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def demo_town_build() -> DemoReport:
    """Create or bring up to date the whole demo town, in one transaction.

    Cover images are written to the storage before the transaction commits; if it rolls
    back they stay as harmless files that the next run finds and reuses.
    """
    report = DemoReport()
    centre = current_town().centre
    with transaction.atomic():
        accounts = _accounts_ensure(report=report)
        accounts.update(_voices_ensure(report=report))
        elected = accounts[people.ELECTED_OFFICIAL_EMAIL_LOCAL]
        spaces: dict[str, Space] = {}

        areas = neighbourhood_areas(
            seeds=[neighbourhood.seed for neighbourhood in content.NEIGHBOURHOODS], centre=centre
        )
        for neighbourhood in content.NEIGHBOURHOODS:
            space = _space_ensure(
                slug=neighbourhood.slug,
                kind="neighbourhood",
                name=neighbourhood.name,
                summary=neighbourhood.summary,
                description=neighbourhood.description,
                boundary=areas[neighbourhood.slug],
                moderation_policy="after",
                report=report,
            )
            spaces[space.slug] = space
            _pages_ensure(space=space, pages=neighbourhood.pages(), report=report)
            if neighbourhood.councillor is None:
                councillor, feminine = elected, content.ELECTED_OFFICIAL_IS_FEMININE
            else:
                councillor = _person_ensure(person=neighbourhood.councillor, report=report)
                feminine = neighbourhood.councillor.feminine
            _member_ensure(
                space=space,
                user=councillor,
                role=MemberRole.COUNCILLOR,
                title=content.councillor_title(neighbourhood, feminine=feminine),
                report=report,
            )

        for other in (content.TRAM, content.YOUTH_COUNCIL, *content.THEMES):
            boundary = None
            if other.route is not None:
                path, width = other.route
                boundary = corridor_area(path_km=list(path), width_km=width, centre=centre)
            space = _space_ensure(
                slug=other.slug,
                kind=other.kind,
                name=other.name,
                summary=other.summary,
                description=other.description,
                boundary=boundary,
                moderation_policy=other.moderation_policy,
                report=report,
            )
            spaces[space.slug] = space
            _pages_ensure(space=space, pages=list(other.pages), report=report)

        tram = spaces[content.TRAM.slug]
        _member_ensure(
            space=tram,
            user=_person_ensure(person=content.TRAM_LEAD, report=report),
            role=MemberRole.PROJECT_LEAD,
            title=content.TRAM_LEAD_TITLE,
            report=report,
        )
        _member_ensure(
            space=tram,
            user=elected,
            role=MemberRole.OFFICIAL,
            title=content.TRAM_OFFICIAL_TITLE,
            report=report,
        )
        _member_ensure(
            space=spaces[content.YOUTH_COUNCIL.slug],
            user=accounts[people.YOUTH_COUNCIL_FACILITATOR_EMAIL_LOCAL],
            role=MemberRole.FACILITATOR,
            title=content.YOUTH_COUNCIL_FACILITATOR_TITLE,
            report=report,
        )

        _addresses_ensure(centre=centre, report=report)
        if created := roadworks_ensure(centre=centre, tram=tram):
            report.created["works"] += created
        if created := jobs_ensure():
            report.created["job offer"] += created
        for kind, count in applications_ensure(
            hr=accounts[people.HR_EMAIL_LOCAL],
            manager=accounts[people.TECHNICAL_SERVICES_EMAIL_LOCAL],
        ).items():
            if count:
                report.created[kind] += count
        for kind, count in council_ensure().items():
            if count:
                report.created[kind] += count
        for kind, count in live_ensure(
            tram=tram,
            moderator=accounts["moderation"],
            askers=[accounts[a.email_local] for a in people.RESIDENT_ACCOUNTS],
        ).items():
            if count:
                report.created[kind] += count
        for kind, count in family_ensure(guardian=accounts[GUARDIAN_EMAIL_LOCAL]).items():
            if count:
                report.created[kind] += count
        observations_ensure(
            neighbourhoods=[areas[n.slug] for n in content.NEIGHBOURHOODS],
            centre=centre,
            user_ensure=_user_ensure,
            email_domain=content.EMAIL_DOMAIN,
            report=report,
        )
        directory_ensure(
            neighbourhoods=[areas[n.slug] for n in content.NEIGHBOURHOODS], report=report
        )

        agenda_spaces = [spaces[n.slug] for n in content.NEIGHBOURHOODS if n.slug in spaces]
        agenda_spaces.append(spaces[content.YOUTH_COUNCIL.slug])
        for kind, count in agenda_ensure(spaces=agenda_spaces).items():
            if count:
                report.created[kind] += count

        for kind, count in votes_ensure(
            youth_council=spaces[content.YOUTH_COUNCIL.slug],
            person_ensure=_person_ensure,
            report=report,
        ).items():
            if count:
                report.created[kind] += count

        reports_ensure(
            neighbourhoods=[areas[n.slug] for n in content.NEIGHBOURHOODS],
            authors=[accounts[a.email_local] for a in people.RESIDENT_ACCOUNTS],
            officer=accounts[people.TECHNICAL_SERVICES_EMAIL_LOCAL],
            email_domain=content.EMAIL_DOMAIN,
            report=report,
        )

        for kind, count in suggestions_ensure(
            neighbourhoods=[spaces[n.slug] for n in content.NEIGHBOURHOODS],
            areas=areas,
            authors=[accounts[a.email_local] for a in people.RESIDENT_ACCOUNTS],
            voices=[accounts[v.email_local] for v in people.VOICES],
        ).items():
            if count:
                report.created[kind] += count

        # Before anyone follows anything (below): publishing 700 items notifies nobody.
        _newsroom_ensure(accounts=accounts, spaces=spaces, report=report)
        report.created.update(
            wiki_ensure(
                authors=[accounts[a.email_local] for a in people.RESIDENT_ACCOUNTS]
                + [accounts[voice.email_local] for voice in people.VOICES],
                moderator=next(
                    accounts[a.email_local]
                    for a in people.STAFF_ACCOUNTS
                    if Role.MODERATOR in a.roles
                ),
                now=timezone.now(),
            )
        )
        # After the newsroom, which makes the tags the photos and videos carry.
        report.created.update(photos_ensure(now=timezone.now(), spaces=spaces))
        report.created.update(videos_ensure(now=timezone.now(), spaces=spaces))

        report.created.update(podcasts_ensure(now=timezone.now(), spaces=spaces))

        for account in people.ACCOUNTS:
            for slug in account.follows:
                if subscription_create(user=accounts[account.email_local], target=spaces[slug]):
                    report.created["subscription"] += 1
        # Some rows above are written in bulk, which tells the page cache nothing: every
        # page is rendered afresh, in every process, once the town is built.
        generations.bump(generations.TOWN)
    return report


# --- addresses -----------------------------------------------------------------------------


def _addresses_ensure(*, centre: tuple[float, float], report: DemoReport) -> None:
    """The demo town's addresses, imported from its BAN file as a real town's would be.

    The committed file (`demo/data/adresses-demo.csv`) is written for the default centre;
    a demo built around another TOWN_CENTRE gets the same streets computed around it. The
    file is imported (with `prune`) only when the table differs from it, so a second run
    writes nothing.
    """
    if centre == demo_addresses.DEFAULT_CENTRE:
        with demo_addresses.DATA_FILE.open(encoding="utf-8", newline="") as file:
            lines = list(file)
    else:
        lines = list(demo_addresses.lines(centre))
    wanted = {
        (row[0], int(row[2]), row[3], row[4], float(row[12]), float(row[13]))
        for row in csv.reader(lines[1:], delimiter=";")
    }
    present = set(
        Address.objects.filter(street__insee_code=demo_addresses.INSEE_CODE).values_list(
            "ban_id", "number", "suffix", "street__name", "lon", "lat"
        )
    )
    if wanted == present:
        return
    imported = addresses_import(lines=lines, prune=True)
    if imported.bad:
        raise RuntimeError(f"The demo's address file has bad lines: {imported.errors[:3]}")
    if imported.created:
        report.created["address"] += imported.created
    if imported.updated or imported.removed:
        report.updated["address"] += imported.updated + imported.removed


# --- accounts ------------------------------------------------------------------------------


def _user_ensure(
    *, email: str, first_name: str, last_name: str, display_name: str, report: DemoReport
) -> tuple[User, bool]:
    """(the account at `email` with these names and a verified address, whether created).

    Accounts are created the way `parvis createadmin` creates them: the accounts app has no
    service for staff-made accounts yet.
    """
    user = User.objects.filter(email__iexact=email).first()
    # The demo's names follow the rule every public name follows.
    display_name = display_name_clean(display_name)
    names = {"first_name": first_name, "last_name": last_name, "display_name": display_name}
    created = user is None
    if user is None:
        user = User.objects.create_user(email, None, **names)
        report.created["account"] += 1
    else:
        changed = [name for name, value in names.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, names[name])
        if not user.is_active:
            user.is_active = True
            changed.append("is_active")
        if changed:
            user.save(update_fields=changed)
            report.updated["account"] += 1
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    elif not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])
        report.updated["account"] += 1
    return user, created


def _accounts_ensure(*, report: DemoReport) -> dict[str, User]:
    """The demo logins: their published passwords, roles and, for staff, TOTP secrets."""
    users: dict[str, User] = {}
    created: set[str] = set()
    for account in people.ACCOUNTS:
        user, is_new = _user_ensure(
            email=account.email,
            first_name=account.first_name,
            last_name=account.last_name,
            display_name=account.display_name,
            report=report,
        )
        users[account.email_local] = user
        if is_new:
            created.add(account.email_local)

    # A tester may have changed a password: the printed one must work again. Each check
    # costs one deliberately slow hash; they run side by side (hashlib releases the GIL).
    def new_hash(account: people.DemoAccount) -> str | None:
        user = users[account.email_local]
        if account.email_local in created or not check_password(account.password, user.password):
            return make_password(account.password)
        return None

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        hashes = list(pool.map(new_hash, people.ACCOUNTS))
    for account, encoded in zip(people.ACCOUNTS, hashes, strict=True):
        user = users[account.email_local]
        if encoded is not None:
            user.password = encoded
            user.save(update_fields=["password"])
            if account.email_local not in created:
                report.updated["password"] += 1
        for role in account.roles:
            if role_grant(user=user, role=role, granted_by=None):
                report.created["role"] += 1
        if account.totp_secret:
            _totp_ensure(user=user, secret=account.totp_secret, report=report)
    return users


def _voices_ensure(*, report: DemoReport) -> dict[str, User]:
    """The residents who only comment: no password, so nobody signs in as them."""
    users = {}
    for voice in people.VOICES:
        users[voice.email_local], _created = _user_ensure(
            email=voice.email,
            first_name=voice.first_name,
            last_name=voice.last_name,
            display_name=voice.display_name,
            report=report,
        )
    return users


def _totp_ensure(*, user: User, secret: str, report: DemoReport) -> None:
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None and decrypt(authenticator.data["secret"]) == secret:
        return
    if authenticator is not None:
        # A tester set up their own authenticator: put back the published demo secret.
        authenticator.delete()
        report.updated["totp"] += 1
    else:
        report.created["totp"] += 1
    TOTP.activate(user, secret)


def _person_ensure(*, person: content.Person, report: DemoReport) -> User:
    """Someone shown on a space's page; no password, so nobody signs in as them."""
    user, _created = _user_ensure(
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        display_name=person.display_name,
        report=report,
    )
    if person not in report.people:
        report.people.append(person)
    return user


# --- spaces --------------------------------------------------------------------------------


def _space_ensure(
    *,
    slug: str,
    kind: str,
    name: str,
    summary: str,
    description: str,
    boundary: dict | None,
    moderation_policy: str,
    report: DemoReport,
) -> Space:
    space = Space.objects.filter(slug=slug).first()
    created = space is None
    if space is None:
        space = Space(slug=slug)
    values = {
        "kind": kind,
        "name": name,
        "summary": summary,
        "description": description,
        # space_save expects a checked boundary, as every form gives it.
        "boundary": parse_area(boundary) if boundary is not None else None,
        "moderation_policy": moderation_policy,
        "is_published": True,
    }
    changed = [key for key, value in values.items() if getattr(space, key) != value]
    for key in changed:
        setattr(space, key, values[key])
    if _cover_ensure(space=space) or created or changed:
        space_save(space=space, actor=None)
        (report.created if created else report.updated)["space"] += 1
    return space


def _cover_ensure(*, space: Space) -> bool:
    """Give `space` its generated cover and alt text; True when the space must be saved.

    The file has a fixed name; it is rewritten only when missing or different (after a
    change of the drawing code), and otherwise left alone.
    """
    data, alt = cover_image(seed=space.slug, motif=space.kind)
    name = f"{COVER_DIRECTORY}/demo-{space.slug}.jpg"
    storage = space.cover.storage
    changed = False
    if space.cover.name != name or not _stored_bytes_equal(storage, name, data):
        if storage.exists(name):
            storage.delete(name)
        space.cover.name = storage.save(name, ContentFile(data))
        changed = True
    if space.cover_alt != alt:
        space.cover_alt = alt
        changed = True
    return changed


def _stored_bytes_equal(storage: Storage, name: str, data: bytes) -> bool:
    if not storage.exists(name):
        return False
    with storage.open(name, "rb") as stored:
        return stored.read() == data


def _pages_ensure(*, space: Space, pages: list[content.PageText], report: DemoReport) -> None:
    existing = {page.slug: page for page in SpacePage.objects.filter(space=space)}
    for position, text in enumerate(pages):
        page = existing.get(text.slug)
        created = page is None
        if page is None:
            page = SpacePage(space=space, slug=text.slug)
        values = {
            "title": text.title,
            "body": text.body,
            "position": position,
            "is_published": True,
        }
        changed = [key for key, value in values.items() if getattr(page, key) != value]
        for key in changed:
            setattr(page, key, values[key])
        if created or changed:
            space_page_save(page=page, actor=None)
            (report.created if created else report.updated)["page"] += 1


def _member_ensure(
    *, space: Space, user: User, role: MemberRole, title: str, report: DemoReport
) -> None:
    if SpaceMembership.objects.filter(space=space, user=user, role=role).exists():
        return
    membership_add(space=space, user=user, role=role, title=title, actor=None)
    report.created["membership"] += 1


# --- news, announcements, comments ----------------------------------------------------------


def _newsroom_ensure(
    *, accounts: dict[str, User], spaces: dict[str, Space], report: DemoReport
) -> None:
    room = publishing.Newsroom(
        accounts=accounts,
        spaces=spaces,
        author=accounts[people.COMMUNICATION_EMAIL_LOCAL],
        now=timezone.now(),
        created=report.created,
        updated=report.updated,
    )
    tags = publishing.tags_ensure(room=room)
    publishing.word_list_ensure(room=room)
    articles = publishing.articles_ensure(room=room, tags=tags)
    announcements = publishing.announcements_ensure(room=room, tags=tags)
    publishing.comments_ensure(room=room, articles=articles, announcements=announcements)
