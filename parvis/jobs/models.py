"""The town's job offers, and the applications people send to them.

An offer says what the post is (French civil-service category and framework, contract,
working time, place, salary range), what it asks, and when it is open: it is on the public
pages while it is published and today (Europe/Paris) lies from its publication date up to
the day before its closing date; it leaves the lists on that date.

An application (to an offer, or spontaneous) holds who applied, how to reach them, their CV
and their letter (files in the private storage, never at a public address), and where human
resources stand with it (`ApplicationStatus`), with its history of notes, changes of status
and replies (`ApplicationEvent`). It is deleted two years (JOBS_APPLICATION_RETENTION_DAYS)
after the last contact with the applicant, or at once when the applicant erases it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.markdown import MARKDOWN_MAX_LENGTH
from parvis.core.paths import object_path
from parvis.core.storage import private_storage


class Category(models.TextChoices):
    """The French civil service's three categories (design and management, application,
    execution)."""

    A = "A", _("Category A")
    B = "B", _("Category B")
    C = "C", _("Category C")


class ContractType(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Permanent civil servant")
    CONTRACT = "contract", _("Contract")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    INTERNSHIP = "internship", _("Internship")
    SEASONAL = "seasonal", _("Seasonal")


class WorkingTime(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")


class Offer(models.Model):
    reference = models.CharField(
        _("reference"),
        max_length=30,
        unique=True,
        help_text=_("As the town files it: 2026-RH-014."),
    )
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=160)
    department = models.CharField(_("department"), max_length=120)
    category = models.CharField(
        _("category"),
        max_length=1,
        choices=Category.choices,
        blank=True,
        help_text=_("Empty for an apprenticeship, an internship or a seasonal job."),
    )
    framework = models.CharField(
        _("framework"),
        max_length=160,
        blank=True,
        help_text=_("The stream and framework of employment: Technique — adjoints techniques."),
    )
    contract_type = models.CharField(_("contract"), max_length=20, choices=ContractType.choices)
    working_time = models.CharField(
        _("working time"), max_length=10, choices=WorkingTime.choices, default=WorkingTime.FULL_TIME
    )
    place = models.CharField(_("place of work"), max_length=160)
    salary_min = models.PositiveIntegerField(
        _("lowest gross monthly salary (euros)"), null=True, blank=True
    )
    salary_max = models.PositiveIntegerField(
        _("highest gross monthly salary (euros)"), null=True, blank=True
    )
    description = models.TextField(
        _("the post"), max_length=MARKDOWN_MAX_LENGTH, help_text=_("Markdown.")
    )
    profile = models.TextField(
        _("the profile sought"), max_length=MARKDOWN_MAX_LENGTH, help_text=_("Markdown.")
    )
    published_on = models.DateField(_("publication date"), default=timezone.localdate)
    closes_on = models.DateField(
        _("closing date"), help_text=_("The offer leaves the list on this date.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    hiring_managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hiring managers"),
        blank=True,
        related_name="managed_job_offers",
        help_text=_(
            "Staff members who read this offer's applications, add notes and move them "
            "along, and see no other application."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(
                fields=["is_published", "closes_on", "published_on"], name="jobs_offer_open_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=F("salary_max")),
                name="jobs_offer_salary_range",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gt=F("published_on")), name="jobs_offer_closes_after"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("jobs:detail", slug=self.slug)


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    INTERVIEW = "interview", _("Interview")
    REJECTED = "rejected", _("Rejected")
    HIRED = "hired", _("Hired")
    #: Set by the applicant only, with the link of their acknowledgement.
    WITHDRAWN = "withdrawn", _("Withdrawn")


def _application_file(instance: Application, filename: str) -> str:
    # `filename` is already random (`core.uploads.check_document`): nothing of the
    # applicant's own file name is kept on disk.
    return f"jobs/applications/{filename}"


class Application(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("job offer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        help_text=_("Empty for a spontaneous application."),
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    cv = models.FileField(
        _("CV"), storage=private_storage, upload_to=_application_file, max_length=200
    )
    cover_letter = models.FileField(
        _("cover letter"),
        storage=private_storage,
        upload_to=_application_file,
        max_length=200,
        blank=True,
    )
    letter_text = models.TextField(
        _("letter typed in the form"), max_length=MARKDOWN_MAX_LENGTH, blank=True
    )
    #: What the document check noticed (`core.uploads.DocumentFlag`: macros, scripts,
    #: embedded files), for human resources to open the files with care.
    file_flags = models.JSONField(_("warnings about the files"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
    )
    #: The language the applicant wrote in: their e-mails are in it.
    language = models.CharField(_("language"), max_length=10, editable=False)
    #: SHA-256 of the secret of the link in the acknowledgement (withdraw, erase).
    secret_digest = models.CharField(max_length=64, unique=True, editable=False)
    consent_at = models.DateTimeField(_("consent given"), editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    #: The retention period runs from here: the application, a change of its status told to
    #: the applicant, a reply.
    last_contact_at = models.DateTimeField(_("last contact"), default=timezone.now)

    class Meta:
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["last_contact_at"], name="jobs_application_contact_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(cover_letter="") | ~Q(letter_text=""),
                name="jobs_application_has_letter",
            )
        ]

    def __str__(self) -> str:
        # The reference only: the audit trail keeps this after the application is gone.
        return self.reference

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class EventKind(models.TextChoices):
    NOTE = "note", _("Internal note")
    STATUS = "status", _("Change of status")
    REPLY = "reply", _("Reply e-mailed")


class ApplicationEvent(models.Model):
    """One line of an application's history: an internal note (never shown to the
    applicant), a change of status, or a reply e-mailed to the applicant."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("new status"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    text = models.TextField(_("text"), max_length=10_000, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("history line")
        verbose_name_plural = _("history")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"


class ReplyTemplate(models.Model):
    """A reply human resources send to applicants (acknowledged, invited to an interview,
    not retained…). `{first_name}`, `{last_name}`, `{reference}` and `{offer}` in the
    subject and body are replaced by the application's."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    subject = models.CharField(_("subject"), max_length=160)
    body = models.TextField(_("message"), max_length=10_000)
    sets_status = models.CharField(
        _("status after sending"),
        max_length=20,
        choices=[c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.WITHDRAWN],
        blank=True,
        help_text=_("Empty: the application keeps its status."),
    )

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
