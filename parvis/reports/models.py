"""Citizen reports: something wrong in the public space (a pothole, a smell, a noise), where
it is, what kind (a `Category` the back office defines, with its extra fields), and what the
town did about it (`StatusChange`, each with a public message). Residents who see the same
thing say so (`MeToo`) rather than report it again."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.paths import object_path
from parvis.core.uploads import PublicImageField
from parvis.moderation.models import ModeratedContent, moderation_constraints
from parvis.reports import extra_fields

MAX_PHOTOS = 3


def _check_extra_fields(value: object) -> None:
    extra_fields.check_definitions(value)


class Category(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    department_email = models.EmailField(
        _("department e-mail"), blank=True, help_text=_("The service that handles these reports.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    extra_fields = models.JSONField(
        _("extra fields"),
        default=list,
        blank=True,
        validators=[_check_extra_fields],
        help_text=_(
            "A list of fields, each with a key, a label, a kind (integer with min and max, "
            "choice with choices, text, time) and whether it is required: see docs/reports.md."
        ),
    )

    class Meta:
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ReportStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("awaiting e-mail confirmation")
    OPEN = "open", _("open")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    IN_PROGRESS = "in_progress", _("in progress")
    FIXED = "fixed", _("fixed")
    CLOSED = "closed", _("closed")
    DUPLICATE = "duplicate", _("duplicate")


#: Statuses shown to the public (an unconfirmed report is not yet).
PUBLIC_STATUSES = [s for s in ReportStatus if s != ReportStatus.UNCONFIRMED]
#: Statuses in which a report still waits for the town's action.
STILL_OPEN = [ReportStatus.OPEN, ReportStatus.ACKNOWLEDGED, ReportStatus.IN_PROGRESS]


def new_reference() -> str:
    """A short public reference, hard to guess (unconfirmed reports are not enumerable)."""
    return secrets.token_hex(5).upper()


class Report(ModeratedContent):
    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_reference, editable=False
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="reports", verbose_name=_("category")
    )
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    address_text = models.CharField(_("address"), max_length=250, blank=True)
    description = models.TextField(_("description"), max_length=4000)
    extra = models.JSONField(_("details"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("author"),
    )
    email = models.EmailField(_("e-mail (without an account)"), blank=True)
    confirmation_token = models.CharField(max_length=64, blank=True, editable=False)
    #: The language the report was written in: the reporter without an account is e-mailed in it.
    language = models.CharField(_("language"), max_length=10, blank=True, editable=False)
    hide_author = models.BooleanField(_("hide my name from the public"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        permissions = [("change_report_status", _("Can change the status of a report"))]
        indexes = [
            models.Index(fields=["category", "status", "lat", "lon"]),
            models.Index(fields=["status", "-created_at"]),
            # Open311's request lists (newest first, by date and category): bench/open311.py.
            models.Index(fields=["-created_at", "-id"], name="reports_newest_idx"),
            models.Index(
                fields=["category", "-created_at", "-id"], name="reports_category_newest_idx"
            ),
            # A service code and a status within dates: a thousand rows in 6 ms rather than
            # 21 ms (the planner otherwise ANDs the category's and the status's indexes).
            models.Index(
                fields=["category", "status", "-created_at", "-id"],
                name="reports_category_status_idx",
            ),
            # The map's box queries (`core.maps`), as `core.geo.Located` indexes its models,
            # with the columns of the public reports' filter: a street of the densest part of
            # a million-report town is counted from the index alone (10,000 rows: 53 ms
            # from the table, most of it reading scattered pages; bench/README.md). The
            # included columns are PostgreSQL's; SQLite keeps the plain (lat, lon) index.
            models.Index(
                fields=["lat", "lon"],
                include=["status", "moderation_status"],
                name="reports_report_latlon",
            ),
        ]
        constraints = [
            # Someone to confirm an unconfirmed report; a published one keeps its history
            # when its author erases their account.
            models.CheckConstraint(
                condition=models.Q(author__isnull=False)
                | ~models.Q(email="")
                | ~models.Q(status=ReportStatus.UNCONFIRMED),
                name="reports_report_unconfirmed_has_author_or_email",
            ),
            *moderation_constraints("reports_report"),
        ]

    def __str__(self) -> str:
        return f"{self.category.name} #{self.reference}"

    def get_absolute_url(self) -> str:
        return object_path("reports:detail", reference=self.reference)

    @property
    def is_public(self) -> bool:
        return self.status != ReportStatus.UNCONFIRMED and self.is_visible

    def clean(self) -> None:
        if self.duplicate_of_id and self.duplicate_of_id == self.pk:
            raise ValidationError({"duplicate_of": _("A report cannot duplicate itself.")})


class StatusChange(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="changes", verbose_name=_("report")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ReportStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ReportStatus.choices)
    message = models.TextField(_("public message"), blank=True, max_length=2000)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class MeToo(models.Model):
    """Someone else sees `report` too: a signed-in `user`, or a resident without an account
    known by `email`, counted once they follow the link e-mailed to it (`confirmed_at`);
    they then hear of its status changes until they follow the stop link (`wants_emails`)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="me_toos", verbose_name=_("report")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("who"),
    )
    email = models.EmailField(_("e-mail (without an account)"), blank=True)
    #: The secret of the confirmation and stop links (e-mail only).
    token = models.CharField(max_length=64, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=10, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    wants_emails = models.BooleanField(_("receives status e-mails"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("“me too”")
        verbose_name_plural = _("“me too”s")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "user"], name="reports_metoo_once_per_person"
            ),
            models.UniqueConstraint(
                "report",
                Lower("email"),
                condition=~models.Q(email=""),
                name="reports_metoo_once_per_email",
            ),
            models.CheckConstraint(
                condition=(models.Q(user__isnull=False) & models.Q(email=""))
                | (models.Q(user__isnull=True) & ~models.Q(email="")),
                name="reports_metoo_user_or_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.user_id or '@'}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="photos", verbose_name=_("report")
    )
    image = PublicImageField(_("photo"), upload_to="reports/photos/")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.image.name or ""
