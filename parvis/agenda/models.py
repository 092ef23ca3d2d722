"""The town's agenda: events that happen in a hall, on a stream or in a virtual world, or in
several at once; once or again and again (an RFC 5545 RRULE with exception dates).

Every event has its occurrences written out as rows (`Occurrence`) up to a horizon
(`HORIZON_DAYS` ahead, extended each night by the worker for recurrences without end), so that
a day, a week, a month or the upcoming list is one indexed range query whatever the number of
events and however they repeat. The services (`services.occurrences_rebuild`) are the only
writers of occurrences.

Registration (`Registration`) is for events held once: a number of places, a waiting list
promoted in order when someone cancels, cancellation by a link that needs no account."""

from __future__ import annotations

import mimetypes
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parvis.core.paths import object_path
from parvis.core.uploads import PublicImageField
from parvis.spaces.models import slug_validator

#: How far ahead the occurrences of a recurring event are written out.
HORIZON_DAYS = 730
#: The most occurrences one event may have within the horizon (a daily event for two years).
MAX_OCCURRENCES = 800
#: The longest an event (each of its occurrences) lasts: the upcoming list reads occurrences
#: by their start from this long ago, on the start's index, to find those going on.
MAX_DURATION_DAYS = 366


class Category(models.Model):
    """A kind of event (concert, market, sport, council…): a filter of the agenda and a feed."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("web address"), max_length=80, unique=True, validators=[slug_validator]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("event category")
        verbose_name_plural = _("event categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_path("agenda:category", slug=self.slug)


class AttendanceMode(models.TextChoices):
    """schema.org's eventAttendanceMode, derived from where the event happens."""

    OFFLINE = "offline", _("In person")
    ONLINE = "online", _("Online")
    MIXED = "mixed", _("In person and online")


class EventStatus(models.TextChoices):
    # "event status": in French an event is masculine (annulé, reporté), unlike the
    # council's meetings and decisions, or a registration (annulée, reportée).
    SCHEDULED = "scheduled", pgettext_lazy("event status", "Scheduled")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")
    POSTPONED = "postponed", pgettext_lazy("event status", "Postponed")


class Event(models.Model):
    """One event of the agenda, held once or recurring.

    When: `starts_at`/`ends_at` (aware; Europe/Paris for display), or whole days (`all_day`:
    `starts_at` is the first day's local midnight and `ends_at` the local midnight after the
    last day). A recurring event repeats its first occurrence by `rrule` (the value of an
    RFC 5545 RRULE, "FREQ=WEEKLY;BYDAY=SA"), less the occurrences starting at `exdates`
    (local start times, ISO 8601, one per line).

    Where: a place (`place_name`, `address`, `lat`/`lon`), an online location
    (`online_url`: a stream, a virtual world), or both."""

    #: The iCalendar UID: kept for the event's whole life, whatever is edited.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(
        _("web address"), max_length=120, unique=True, validators=[slug_validator]
    )
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences.")
    )
    description = models.TextField(
        _("description"), blank=True, max_length=20_000, help_text=_("Markdown.")
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("category"),
    )
    image = PublicImageField(_("image"), upload_to="agenda/images/", blank=True)
    image_alt = models.CharField(
        _("image text alternative"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    image_size = models.PositiveIntegerField(null=True, blank=True, editable=False)

    # When.
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    all_day = models.BooleanField(_("all day"), default=False)
    rrule = models.CharField(
        _("recurrence"),
        max_length=300,
        blank=True,
        help_text=_(
            "Empty for an event held once. Otherwise an iCalendar rule: FREQ=WEEKLY repeats "
            "it every week, FREQ=MONTHLY every month; docs/agenda.md gives more examples."
        ),
    )
    exdates = models.TextField(
        _("dates left out"),
        blank=True,
        help_text=_("Days the recurrence skips, one per line (2027-05-01)."),
    )
    #: When the last occurrence ends; None for a recurrence without end. Kept by the services.
    last_ends_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Where.
    place_name = models.CharField(_("place"), max_length=160, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    online_url = models.URLField(
        _("online location"),
        max_length=500,
        blank=True,
        help_text=_("The address of the stream or of the virtual world."),
    )
    online_label = models.CharField(
        _("online location's name"),
        max_length=120,
        blank=True,
        help_text=_("What residents will find there, such as “Live stream” or “Virtual town”."),
    )
    attendance_mode = models.CharField(
        _("attendance"),
        max_length=10,
        choices=AttendanceMode.choices,
        default=AttendanceMode.OFFLINE,
        editable=False,
    )

    # Who, how much, for whom.
    organiser = models.CharField(_("organiser"), max_length=160, blank=True)
    organiser_url = models.URLField(_("organiser's website"), max_length=500, blank=True)
    is_free = models.BooleanField(_("free"), default=True)
    price = models.DecimalField(
        _("price"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The full price in euros, if not free."),
    )
    price_text = models.CharField(
        _("prices"), max_length=200, blank=True, help_text=_("Reduced prices, tickets…")
    )
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        max_length=2_000,
        help_text=_("Step-free access, hearing loop, sign language, seats…"),
    )
    space = models.ForeignKey(
        "spaces.Space",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("space"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )

    # Registration (events held once).
    registration_required = models.BooleanField(_("registration required"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: at the start.")
    )

    # Imported from another calendar: which one and the event's UID there.
    source = models.ForeignKey(
        "agenda.CalendarSource",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("imported from"),
        editable=False,
    )
    source_uid = models.CharField(max_length=255, blank=True, editable=False)
    #: iCalendar SEQUENCE: raised by the services at each change a calendar must take.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["lat", "lon"], name="agenda_event_latlon"),
            models.Index(fields=["is_published", "last_ends_at"], name="agenda_event_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="agenda_event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""),
                name="agenda_event_image_has_alt",
            ),
            models.CheckConstraint(
                condition=models.Q(lat__isnull=True, lon__isnull=True)
                | models.Q(lat__isnull=False, lon__isnull=False),
                name="agenda_event_position_whole",
            ),
            models.UniqueConstraint(
                fields=["source", "source_uid"],
                condition=models.Q(source__isnull=False),
                name="agenda_event_imported_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("agenda:event", slug=self.slug)

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)

    @property
    def is_online(self) -> bool:
        return self.attendance_mode != AttendanceMode.OFFLINE

    @property
    def has_place(self) -> bool:
        return bool(self.place_name or self.address or self.lat is not None)

    @property
    def image_mime_type(self) -> str:
        return mimetypes.guess_type(self.image.name or "")[0] or "application/octet-stream"

    def clean(self) -> None:
        # The services check the rest (the rule, the dates left out, the registration), in
        # `forms.EventForm` and `services.event_save`, with the same messages.
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The end cannot come before the start.")
        if not self.has_place and not self.online_url:
            errors["place_name"] = _("Give a place, an online location, or both.")
        if self.image and not self.image_alt:
            errors["image_alt"] = _("Describe the image for people who cannot see it.")
        if errors:
            raise ValidationError(errors)


class Occurrence(models.Model):
    """One time an event happens, written out by the services: the agenda's pages read these,
    one range query on `starts_at`/`ends_at` whatever the number of events."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    #: The day it starts, in the town's time zone: the calendar pages count by it.
    day = models.DateField()
    #: Whether it goes on past the day it starts (an exhibition, a festival): the calendar
    #: pages look for those begun before their first day among these only.
    multiday = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at", "ends_at"], name="agenda_occurrence_start"),
            models.Index(fields=["ends_at"], name="agenda_occurrence_end"),
            models.Index(fields=["multiday", "starts_at"], name="agenda_occurrence_multiday"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["event", "starts_at"], name="agenda_occurrence_once")
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.starts_at:%Y-%m-%d %H:%M}"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A place asked for at an event: confirmed while places remain, else on the waiting list
    (promoted in order of arrival when a confirmed one cancels). Whoever registers needs no
    account: the e-mail carries a link to cancel (`token`, kept as a digest)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    places = models.PositiveSmallIntegerField(_("places"), default=1)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    #: The digest of the cancellation link's secret (`parvis.core.codes`).
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(max_length=10, default="fr", editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["event", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="cancelled"),
                name="agenda_registration_once",
            ),
            models.CheckConstraint(
                condition=models.Q(places__gte=1), name="agenda_registration_places"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"


class CalendarSource(models.Model):
    """An external calendar (the tourist office's .ics) whose events the worker imports on a
    schedule, updating those it imported before (matched by their UID) rather than adding
    copies."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("address of the .ics file"), max_length=500, unique=True)
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("category of its events"),
    )
    space = models.ForeignKey(
        "spaces.Space",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("space of its events"),
    )
    publish = models.BooleanField(
        _("publish its events at once"),
        default=False,
        help_text=_("Otherwise they wait as drafts for an editor."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    last_etag = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("imported calendar")
        verbose_name_plural = _("imported calendars")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
