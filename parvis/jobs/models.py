"""The town's job offers: what the post is (French civil-service category and framework,
contract, working time, place, salary range), what it asks, and when it is open.

An offer is on the public pages while it is published and today (Europe/Paris) lies from its
publication date up to the day before its closing date: it leaves the lists on that date.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.markdown import MARKDOWN_MAX_LENGTH
from parvis.core.paths import object_path


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
