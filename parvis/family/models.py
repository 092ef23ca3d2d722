"""The family space: households and their children, the services for children (school
canteen, before and after school, Wednesdays, holidays), registrations and booked days,
and the canteen's menus.

- A **household** is created by the family-services staff (name, address, children,
  *quotient familial*). Its guardians are resident accounts that joined it with an
  invitation code from the town (`Guardian`); only its digest is kept.
- A **service** runs on some weekdays of its **seasons** (a school year, the winter
  holidays), for children of an age and, when it says so, of some schools; its **tariffs**
  are brackets of *quotient familial*. A household without a valid quotient pays the
  highest bracket.
- A child's **registration** to a season is requested by a guardian and validated (or
  refused) by staff. A validated registration's **bookings** are the days the child comes:
  booked or cancelled until the service's deadline (for example two days before, 10:00),
  never beyond the day's capacity.
- Each month's **invoices** are computed from the bookings (a day staff marked absent is
  not charged) at the household's tariff, or imported from the town's family software;
  they are paid online (`parvis.payments`) or at the town hall.
- A **menu day** is the canteen's menu for one day, on the public menus page once
  published.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.storage import private_storage


class School(models.Model):
    name = models.CharField(_("name"), max_length=160, unique=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _proof_file(instance: Household, filename: str) -> str:
    return f"family/quotients/{filename}"  # `filename` is random (`check_document`)


class Household(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    name = models.CharField(
        _("name"), max_length=160, help_text=_("As the town files it: Famille Martin.")
    )
    address = models.CharField(_("address"), max_length=250)
    quotient = models.PositiveIntegerField(
        _("quotient familial"),
        null=True,
        blank=True,
        help_text=_("In euros, from the family allowance office's certificate."),
    )
    quotient_valid_until = models.DateField(_("quotient valid until"), null=True, blank=True)
    #: The last certificate the family sent, for staff to read and copy into `quotient`.
    quotient_proof = models.FileField(
        _("quotient certificate"),
        storage=private_storage,
        upload_to=_proof_file,
        max_length=200,
        blank=True,
    )
    quotient_proof_sent_at = models.DateTimeField(_("certificate sent"), null=True, blank=True)
    #: SHA-256 of the invitation code given to the family (the code is shown once).
    invitation_secret_digest = models.CharField(max_length=64, blank=True, editable=False)
    invitation_expires_at = models.DateTimeField(
        _("invitation code valid until"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["invitation_secret_digest"], name="family_household_invite_idx")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"

    def quotient_on(self, day: datetime.date) -> int | None:
        """The quotient that applies on `day`: None when there is none or it expired."""
        if self.quotient is None or self.quotient_valid_until is None:
            return None
        return self.quotient if day <= self.quotient_valid_until else None


class Guardian(models.Model):
    """A resident account that manages a household (a parent, a legal guardian)."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("household")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="guardianships",
        verbose_name=_("account"),
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        constraints = [
            models.UniqueConstraint(fields=["household", "user"], name="family_guardian_once")
        ]

    def __str__(self) -> str:
        return str(self.user)


class Child(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="children", verbose_name=_("household")
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    birth_date = models.DateField(_("birth date"))
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("school")
    )
    class_name = models.CharField(_("class"), max_length=30, blank=True, help_text=_("CP, CE1…"))

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["birth_date", "id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: datetime.date) -> int:
        had_birthday = (day.month, day.day) >= (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - (0 if had_birthday else 1)


class ServiceKind(models.TextChoices):
    CANTEEN = "canteen", _("School canteen")
    BEFORE_SCHOOL = "before_school", _("Before-school care")
    AFTER_SCHOOL = "after_school", _("After-school care")
    WEDNESDAY = "wednesday", _("Wednesday leisure centre")
    HOLIDAYS = "holidays", _("Holiday leisure centre")


def _school_days() -> list[int]:
    return [0, 1, 3, 4]  # Monday, Tuesday, Thursday, Friday


class Service(models.Model):
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceKind.choices)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    min_age = models.PositiveSmallIntegerField(_("youngest age"), default=3)
    max_age = models.PositiveSmallIntegerField(_("oldest age"), default=11)
    schools = models.ManyToManyField(
        School,
        verbose_name=_("schools"),
        blank=True,
        help_text=_("Only for children of these schools; none: any school."),
    )
    weekdays = models.JSONField(
        _("weekdays"),
        default=_school_days,
        help_text=_("The days of the week it runs: 0 is Monday, 6 is Sunday."),
    )
    capacity = models.PositiveIntegerField(_("places a day"))
    deadline_days = models.PositiveSmallIntegerField(
        _("days before"),
        default=2,
        help_text=_("A day is booked or cancelled until this many days before…"),
    )
    deadline_time = models.TimeField(
        _("at"), default=datetime.time(10, 0), help_text=_("…at this time (town time).")
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__lte=F("max_age")), name="family_service_ages"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def deadline_for(self, day: datetime.date) -> datetime.datetime:
        """Until when `day` may be booked or cancelled (aware, town time)."""
        return timezone.make_aware(
            datetime.datetime.combine(
                day - datetime.timedelta(days=self.deadline_days), self.deadline_time
            )
        )


class Season(models.Model):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="seasons", verbose_name=_("service")
    )
    name = models.CharField(
        _("name"), max_length=120, help_text=_("School year 2026-2027, winter holidays 2027…")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    closed_days = models.JSONField(
        _("closed days"),
        default=list,
        blank=True,
        help_text=_("Days it does not run although they are in the season (bank holidays)."),
    )
    registrations_open = models.BooleanField(_("registrations open"), default=True)

    class Meta:
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="family_season_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service.name} — {self.name}"

    def runs_on(self, day: datetime.date) -> bool:
        return (
            self.starts_on <= day <= self.ends_on
            and day.weekday() in self.service.weekdays
            and day.isoformat() not in self.closed_days
        )


class Tariff(models.Model):
    """The price of a day for households whose quotient lies from `quotient_min` to
    `quotient_max` (no upper bound when empty: also the price without a valid quotient)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="tariffs", verbose_name=_("service")
    )
    quotient_min = models.PositiveIntegerField(_("from quotient"), default=0)
    quotient_max = models.PositiveIntegerField(_("up to quotient"), null=True, blank=True)
    price = models.DecimalField(_("price of a day (euros)"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["quotient_min", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quotient_max__isnull=True) | Q(quotient_min__lte=F("quotient_max")),
                name="family_tariff_bracket",
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="family_tariff_price"),
        ]

    def __str__(self) -> str:
        upper = "…" if self.quotient_max is None else str(self.quotient_max)
        return f"{self.quotient_min}–{upper}: {self.price} €"


class RegistrationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    VALIDATED = "validated", _("Validated")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("child")
    )
    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("season")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.CharField(_("reason given to the family"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["child", "season"], name="family_registration_once")
        ]

    def __str__(self) -> str:
        return f"{self.child} — {self.season}"


class Booking(models.Model):
    """One day a registered child comes. `season` repeats the registration's, so that a
    day's places are counted on one index."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="bookings",
        verbose_name=_("registration"),
    )
    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="+", verbose_name=_("season")
    )
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("booked"), default=timezone.now, editable=False)
    #: Recorded by staff on the day: None until then. A day marked absent is not invoiced.
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("booked day")
        verbose_name_plural = _("booked days")
        ordering = ["day", "id"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "day"], name="family_booking_once")
        ]
        indexes = [models.Index(fields=["season", "day"], name="family_booking_day_idx")]

    def __str__(self) -> str:
        return f"{self.registration.child} — {self.day:%Y-%m-%d}"


class MenuDay(models.Model):
    """The canteen's menu of one day."""

    day = models.DateField(_("day"), unique=True)
    starter = models.CharField(_("starter"), max_length=160, blank=True)
    main_course = models.CharField(_("main course"), max_length=160)
    side = models.CharField(_("side dish"), max_length=160, blank=True)
    dairy = models.CharField(_("cheese or dairy"), max_length=160, blank=True)
    dessert = models.CharField(_("dessert"), max_length=160, blank=True)
    note = models.CharField(
        _("note"), max_length=250, blank=True, help_text=_("Organic, local, a festive meal…")
    )
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("canteen menu")
        verbose_name_plural = _("canteen menus")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"

    def dishes(self) -> list[tuple[str, str]]:
        """(course, dish) for each course served, in order."""
        courses = [
            (_("Starter"), self.starter),
            (_("Main course"), self.main_course),
            (_("Side dish"), self.side),
            (_("Cheese or dairy"), self.dairy),
            (_("Dessert"), self.dessert),
        ]
        return [(str(course), dish) for course, dish in courses if dish]


class InvoiceRun(models.Model):
    """One computation of a month's invoices (from the bookings, or the attendance where
    staff recorded it): who started it, when, and what it made."""

    month = models.DateField(_("month"), help_text=_("Its first day."))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now, editable=False)
    invoices = models.PositiveIntegerField(_("invoices issued"), default=0)
    total = models.DecimalField(_("total (euros)"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("invoice run")
        verbose_name_plural = _("invoice runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} ({self.invoices})"


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    PAID = "paid", _("Paid")
    OVERDUE = "overdue", _("Overdue")
    CANCELLED = "cancelled", _("Cancelled")


class InvoiceSource(models.TextChoices):
    COMPUTED = "computed", _("Computed by Parvis")
    IMPORTED = "imported", _("Imported from the family software")


class PaidHow(models.TextChoices):
    ONLINE = "online", _("Online")
    COUNTER = "counter", _("At the town hall")
    ELSEWHERE = "elsewhere", _("Recorded in the family software")


class Invoice(models.Model):
    """A household's bill for one month. Its lines are fixed once issued: a mistake is
    put right by cancelling it and issuing another."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("household")
    )
    number = models.CharField(_("number"), max_length=40, unique=True)
    month = models.DateField(_("month"), help_text=_("Its first day."))
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    total = models.DecimalField(_("total (euros)"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=20, choices=InvoiceStatus.choices, default=InvoiceStatus.ISSUED
    )
    source = models.CharField(
        _("source"), max_length=20, choices=InvoiceSource.choices, default=InvoiceSource.COMPUTED
    )
    run = models.ForeignKey(
        InvoiceRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run"),
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    paid_how = models.CharField(_("paid how"), max_length=20, choices=PaidHow.choices, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "month"],
                condition=~Q(status="cancelled"),
                name="family_invoice_month_once",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="family_invoice_total"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="family_invoice_due_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def payable(self) -> bool:
        return self.status in (InvoiceStatus.ISSUED, InvoiceStatus.OVERDUE) and self.total > 0

    @property
    def has_receipt(self) -> bool:
        """Paid, on a known day (one with nothing to pay has no receipt)."""
        return self.status == InvoiceStatus.PAID and self.paid_at is not None


class InvoiceLine(models.Model):
    """A child's days of one service in the invoice's month, at the tariff applied."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="lines", verbose_name=_("invoice")
    )
    child = models.ForeignKey(
        Child,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("child"),
    )
    #: As printed: the child's first name and the service, kept if either changes later.
    label = models.CharField(_("label"), max_length=250)
    quantity = models.PositiveIntegerField(_("days"))
    unit_price = models.DecimalField(_("price of a day (euros)"), max_digits=7, decimal_places=2)
    amount = models.DecimalField(_("amount (euros)"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label
