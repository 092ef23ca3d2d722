"""The family space: joining a household with the town's code, asking for a place (age and
school checked), validation by family services, booking days until the deadline and within
the places, the quotient's certificate kept private, prices by bracket, the public menus."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from conftest import make_user
from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.core.models import AuditEntry
from parvis.core.tests.documents import ELF, PDF
from parvis.family import selectors
from parvis.family.models import (
    Booking,
    Guardian,
    MenuDay,
    Registration,
    RegistrationStatus,
)
from parvis.family.services import bookings_change, household_join, invitation_create
from parvis.family.tests.factories import (
    make_canteen,
    make_child,
    make_household,
    make_registration,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def thursday_ahead(weeks: int = 3) -> datetime.date:
    """A Thursday `weeks` weeks from now: the canteen runs, its deadline is the Tuesday
    before, 10:00."""
    today = timezone.localdate()
    return today + datetime.timedelta(days=(3 - today.weekday()) % 7 + 7 * weeks)


def paris(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _in_english():
    """The services' messages read in English here (the pages are asked for under /en/)."""
    with translation.override("en"):
        yield


@pytest.fixture
def family(resident):
    household = make_household("Famille Martin", resident)
    return household, make_child(household, "Lou", age=7)


@pytest.fixture
def canteen():
    return make_canteen()


def errors_of(response) -> dict[str, str]:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return {
        element["id"].removeprefix("id_").removesuffix("_error"): element.get_text(" ", strip=True)
        for element in soup.select("[id$=_error]")
    }


# --- joining a household ------------------------------------------------------------------------


def test_a_resident_joins_with_the_code_typed_as_they_like_and_only_while_it_is_valid(
    client, resident, other_resident, settings
):
    household = make_household("Famille Benali")
    code = invitation_create(household=household, actor=None)
    assert len(code) == 12 and code[4] == code[9] == "-"
    client.force_login(resident)

    response = client.post("/en/family/join/", {"code": "ABCD-EFGH-JK"})
    assert response.status_code == 400
    assert "This code is wrong or no longer valid" in errors_of(response)["code"]
    assert response["Cache-Control"].startswith("max-age=0")

    typed = code.lower().replace("-", " ")
    response = client.post("/en/family/join/", {"code": typed})
    assert response.status_code == 302
    assert list(Guardian.objects.values_list("household", "user")) == [(household.pk, resident.pk)]
    # The second parent uses the same code; joining twice changes nothing.
    assert household_join(user=other_resident, code=code) == household
    assert household_join(user=other_resident, code=code) == household
    assert Guardian.objects.count() == 2
    assert AuditEntry.objects.filter(action="family.household_join").count() == 2
    # A new code replaces the old one, and a code expires.
    newer = invitation_create(household=household, actor=None)
    with pytest.raises(ValidationError):
        household_join(user=resident, code=code)
    household.refresh_from_db()
    household.invitation_expires_at = timezone.now()
    household.save()
    with pytest.raises(ValidationError):
        household_join(user=resident, code=newer)


def test_the_family_pages_need_an_account_and_show_only_one_s_own_households(
    client, family, canteen, other_resident
):
    household, child = family
    registration = make_registration(child, canteen)

    assert client.get("/family/").status_code == 302
    client.force_login(other_resident)
    page = client.get("/family/").content.decode()
    assert "Famille Martin" not in page
    assert client.get(f"/family/children/{child.pk}/register/").status_code == 404
    assert client.get(f"/family/registrations/{registration.pk}/days/").status_code == 404
    assert client.get(f"/family/households/{household.pk}/quotient/").status_code == 404


# --- places -------------------------------------------------------------------------------------


def test_a_place_is_asked_for_an_eligible_child_then_validated_and_the_guardians_told(
    client, family, canteen, resident, staff_member, mailbox, run_tasks
):
    household, child = family
    toddler = make_child(household, "Sam", age=2)
    client.force_login(resident)

    page = BeautifulSoup(
        client.get(f"/en/family/children/{toddler.pk}/register/").content.decode(), "html.parser"
    )
    assert page.select("input[name=season]") == []
    assert "For children from 3 to 11 years old." in page.get_text()

    url = f"/en/family/children/{child.pk}/register/"
    page = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    assert [radio["value"] for radio in page.select("input[name=season]")] == [str(canteen.pk)]
    assert client.post(url, {"season": str(canteen.pk)}).status_code == 302
    registration = Registration.objects.get()
    assert (registration.status, registration.requested_by) == (
        RegistrationStatus.REQUESTED,
        resident,
    )
    # Asked twice, or for a season not offered: refused next to the field.
    response = client.post(url, {"season": str(canteen.pk)})
    assert response.status_code == 400 and "season" in errors_of(response)

    officer = staff_member(Role.FAMILY_SERVICES_OFFICER)
    client.logout()
    sign_in(client, officer)
    response = client.post(
        "/backoffice/family/registration/",
        {"action": "validate", "_selected_action": [registration.pk]},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.decided_by) == (RegistrationStatus.VALIDATED, officer)
    run_tasks()
    (told,) = mailbox.to(resident.email)
    assert "Lou" in told["Subject"]
    assert "/family/" in mailbox.text(told)


def test_a_school_s_service_takes_only_its_pupils(family, canteen, resident):
    _household, child = family
    other = canteen.service.schools.create(name="École du Bourg")
    assert selectors.eligibility_problem(child, canteen) == "Not for the pupils of this school."
    child.school = other
    child.save()
    assert selectors.eligibility_problem(child, canteen) == ""


# --- days ---------------------------------------------------------------------------------------


def test_a_day_is_booked_or_cancelled_until_two_days_before_at_ten(family, canteen, resident):
    _household, child = family
    registration = make_registration(child, canteen)
    thursday = thursday_ahead()
    tuesday = thursday - datetime.timedelta(days=2)

    assert bookings_change(
        registration=registration, user=resident, book=[thursday], now=paris(tuesday, 9, 59)
    ) == (1, 0)
    with pytest.raises(ValidationError) as refused:
        bookings_change(
            registration=registration, user=resident, cancel=[thursday], now=paris(tuesday, 10, 0)
        )
    assert "too late" in refused.value.message_dict["days"][0]
    assert list(Booking.objects.values_list("day", flat=True)) == [thursday]


def test_a_change_with_one_refused_day_changes_nothing_and_says_why_for_each(
    family, canteen, resident
):
    _household, child = family
    registration = make_registration(child, canteen)
    thursday = thursday_ahead()
    wednesday = thursday - datetime.timedelta(days=1)
    friday = thursday + datetime.timedelta(days=1)
    canteen.closed_days = [friday.isoformat()]
    canteen.save()

    with pytest.raises(ValidationError) as refused:
        bookings_change(
            registration=registration, user=resident, book=[thursday, wednesday, friday]
        )

    assert len(refused.value.message_dict["days"]) == 2
    assert all("does not run" in message for message in refused.value.message_dict["days"])
    assert Booking.objects.count() == 0


def test_a_full_day_takes_nobody_more_but_its_children_keep_their_place(resident, other_resident):
    canteen = make_canteen(capacity=1)
    first = make_registration(make_child(make_household("Famille A", resident), "Ana"), canteen)
    second = make_registration(
        make_child(make_household("Famille B", other_resident), "Bo"), canteen
    )
    thursday = thursday_ahead()

    bookings_change(registration=first, user=resident, book=[thursday])
    with pytest.raises(ValidationError) as refused:
        bookings_change(registration=second, user=other_resident, book=[thursday])
    assert "no place left" in refused.value.message_dict["days"][0]
    # Booking again a day one holds is no new place.
    assert bookings_change(registration=first, user=resident, book=[thursday]) == (0, 0)
    assert Booking.objects.count() == 1


def test_only_a_validated_registration_s_guardian_books(family, canteen, resident, other_resident):
    _household, child = family
    requested = make_registration(child, canteen, validated=False)
    with pytest.raises(ValidationError):
        bookings_change(registration=requested, user=resident, book=[thursday_ahead()])
    requested.status = RegistrationStatus.VALIDATED
    requested.save()
    with pytest.raises(ValidationError):
        bookings_change(registration=requested, user=other_resident, book=[thursday_ahead()])
    assert Booking.objects.count() == 0


def test_the_month_s_calendar_books_the_ticked_days_and_cancels_the_unticked_ones(
    client, family, canteen, resident
):
    _household, child = family
    registration = make_registration(child, canteen)
    thursday = thursday_ahead(5)
    friday = thursday + datetime.timedelta(days=1)
    month = f"{thursday:%Y-%m}"
    url = f"/en/family/registrations/{registration.pk}/days/?month={month}"
    client.force_login(resident)

    page = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    boxes = {box["value"] for box in page.select("#days input[name=day]")}
    assert thursday.isoformat() in boxes
    assert (thursday - datetime.timedelta(days=1)).isoformat() not in boxes  # a Wednesday
    assert "A day costs 4.60 €." in page.get_text()  # no quotient: the highest bracket

    days = [thursday.isoformat()] + ([friday.isoformat()] if friday.month == thursday.month else [])
    response = client.post(url, {"month": month, "day": days})
    assert response.status_code == 302
    assert Booking.objects.count() == len(days)

    response = client.post(url, {"month": month})  # everything unticked
    assert response.status_code == 302
    assert Booking.objects.count() == 0

    response = client.post(url, {"month": month, "day": ["not-a-date"]})
    assert response.status_code == 400
    assert Booking.objects.count() == 0


def test_a_forged_past_day_is_refused_on_the_page_with_its_reason(
    client, family, canteen, resident
):
    _household, child = family
    registration = make_registration(child, canteen)
    today = timezone.localdate()
    client.force_login(resident)

    response = client.post(
        f"/en/family/registrations/{registration.pk}/days/",
        {"month": f"{today:%Y-%m}", "day": [today.isoformat()]},
    )

    assert response.status_code == 400
    assert "Nothing was changed" in response.content.decode()
    assert Booking.objects.count() == 0


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_parents_booking_the_last_places_at_once_never_exceed_them():
    from parvis.core.tests.concurrency import run_at_once

    canteen = make_canteen(capacity=5)
    thursday = thursday_ahead()
    people = []
    for n in range(20):
        parent = make_user(f"parent{n}@example.org")
        child = make_child(make_household(f"Famille {n}", parent), f"Enfant{n}")
        people.append((parent, make_registration(child, canteen)))
    queue = list(people)

    def book() -> str:
        parent, registration = queue.pop()
        try:
            bookings_change(registration=registration, user=parent, book=[thursday])
        except ValidationError:
            return "full"
        return "booked"

    results = run_at_once(20, book)

    assert sorted(results) == ["booked"] * 5 + ["full"] * 15
    assert Booking.objects.filter(day=thursday).count() == 5


# --- quotient and prices --------------------------------------------------------------------------


def test_the_price_of_a_day_follows_the_quotient_s_bracket_while_it_is_valid(canteen, family):
    household, _child = family
    service = canteen.service
    today = timezone.localdate()

    assert [selectors.price_for(service, q) for q in (0, 600, 601, 1200, 1201, 5000, None)] == [
        Decimal("1.00"), Decimal("1.00"), Decimal("2.90"), Decimal("2.90"),
        Decimal("4.60"), Decimal("4.60"), Decimal("4.60"),
    ]  # fmt: skip
    household.quotient, household.quotient_valid_until = 540, today
    assert household.quotient_on(today) == 540
    assert household.quotient_on(today + datetime.timedelta(days=1)) is None


def test_the_quotient_s_certificate_is_private_and_family_services_are_told(
    client, family, resident, staff_member, settings, mailbox, run_tasks
):
    household, _child = family
    officer = staff_member(Role.FAMILY_SERVICES_OFFICER)
    client.force_login(resident)
    url = f"/en/family/households/{household.pk}/quotient/"

    response = client.post(url, {"document": SimpleUploadedFile("caf.pdf", ELF)})
    assert response.status_code == 400
    assert "not a document we accept" in errors_of(response)["document"]

    assert client.post(url, {"document": SimpleUploadedFile("caf.pdf", PDF)}).status_code == 302
    household.refresh_from_db()
    stored = (
        Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / household.quotient_proof.name
    )
    assert stored.read_bytes() == PDF
    run_tasks()
    (told,) = mailbox.to(officer.email)
    assert f"/backoffice/family/household/{household.pk}/change/" in mailbox.text(told)

    certificate = f"/backoffice/family/household/{household.pk}/certificate/"
    assert client.get(certificate).status_code == 403  # a resident, not staff
    client.logout()
    sign_in(client, officer)
    response = client.get(certificate)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="family.quotient_proof_read").count() == 1


# --- menus ----------------------------------------------------------------------------------------


def test_the_week_s_published_menus_are_public_and_cached_until_one_changes(client, page_cache):
    monday = selectors.monday_of(timezone.localdate())
    MenuDay.objects.create(
        day=monday, starter="Carottes râpées", main_course="Poisson pané", is_published=True
    )
    MenuDay.objects.create(
        day=monday + datetime.timedelta(days=1), main_course="Secret", is_published=False
    )
    week = f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"

    first = client.get(f"/en/family/menus/?week={week}")
    assert first.status_code == 200
    text = first.content.decode()
    assert "Poisson pané" in text and "Secret" not in text
    assert not first.cookies
    assert client.get(f"/en/family/menus/?week={week}")["X-Parvis-Cache"] == "hit"

    MenuDay.objects.filter(main_course="Secret").update(is_published=True)  # no signal: no change
    menu = MenuDay.objects.get(main_course="Secret")
    menu.save()
    again = client.get(f"/en/family/menus/?week={week}")
    assert "Secret" in again.content.decode()
    # A week that does not exist is this week.
    assert client.get("/en/family/menus/?week=2026-W99").status_code == 200
