"""Votes: consultations (four methods) in a space, their options, the anonymous ballots and,
apart from them, the register of who voted.

Secrecy rests on two tables that share nothing but the consultation:

- `Ballot` holds what was chosen, keyed by a random UUID (the voter's receipt), with no
  voter and no time: nothing in the row says who cast it or when.
- `VoterRecord` (the register) holds who voted and when, and nothing of the choice. Its
  unique constraint (consultation, voter) is what makes a second ballot impossible: both
  rows are written in one transaction (`services.ballot_cast`), so a refused register row
  takes the ballot with it.

A person's declared home (`Residence`: one of the town's addresses) is kept here, in one
place, for the votes limited to those living in a space's area.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.addresses.models import Address
from parvis.core.markdown import MARKDOWN_MAX_LENGTH
from parvis.core.paths import object_path
from parvis.core.uploads import PublicImageField
from parvis.spaces.models import Space, slug_validator


class Method(models.TextChoices):
    SINGLE = "single", _("Single choice")
    APPROVAL = "approval", _("Approval (up to a number of options)")
    RANKED = "ranked", _("Ranked choice (instant runoff)")
    BUDGET = "budget", _("Participatory budget")
    ELECTION = "election", _("Election of candidates")


class Eligibility(models.TextChoices):
    RESIDENTS = "residents", _("Any signed-in resident")
    VERIFIED = "verified", _("Verified residents only")


class Consultation(models.Model):
    """A question put to residents in a space, open from `opens_at` to `closes_at`."""

    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("space")
    )
    slug = models.SlugField(
        _("web address"), max_length=80, unique=True, validators=[slug_validator]
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(
        _("description"), blank=True, max_length=MARKDOWN_MAX_LENGTH, help_text=_("Markdown.")
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    max_choices = models.PositiveSmallIntegerField(
        _("options a voter may approve, or seats"),
        null=True,
        blank=True,
        help_text=_(
            "For an approval vote: how many options each voter may choose at most. For an "
            "election: the seats to fill (each voter picks up to that many candidates)."
        ),
    )
    budget = models.PositiveIntegerField(
        _("budget (euros)"),
        null=True,
        blank=True,
        help_text=_("For a participatory budget: the total the chosen projects may cost."),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    eligibility = models.CharField(
        _("who may vote"), max_length=10, choices=Eligibility.choices, default=Eligibility.RESIDENTS
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    candidate_min_age = models.PositiveSmallIntegerField(
        _("candidates' minimum age"), null=True, blank=True
    )
    candidate_max_age = models.PositiveSmallIntegerField(
        _("candidates' maximum age"), null=True, blank=True
    )
    residents_of_area = models.BooleanField(
        _("only people living in the space's area"),
        default=False,
        help_text=_("The voter's declared home address must lie within the space's boundary."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-closes_at", "id"]
        indexes = [models.Index(fields=["is_published", "closes_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="votes_consultation_closes_after"
            ),
            models.CheckConstraint(
                condition=Q(method__in=Method.values), name="votes_consultation_method_known"
            ),
            models.CheckConstraint(
                condition=~Q(method__in=[Method.APPROVAL, Method.ELECTION])
                | Q(max_choices__isnull=False, max_choices__gte=1),
                name="votes_consultation_approval_has_k",
            ),
            models.CheckConstraint(
                condition=~Q(method=Method.BUDGET) | Q(budget__isnull=False, budget__gte=1),
                name="votes_consultation_budget_has_budget",
            ),
            models.CheckConstraint(
                condition=Q(min_age=None) | Q(max_age=None) | Q(min_age__lte=F("max_age")),
                name="votes_consultation_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("votes:detail", slug=self.slug)

    def is_open(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return self.is_published and self.opens_at <= moment < self.closes_at  # type: ignore[operator]

    def is_closed(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return self.closes_at <= moment  # type: ignore[operator]


class Option(models.Model):
    """A choice offered by a consultation (a project of a participatory budget has a cost)."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="options",
        verbose_name=_("consultation"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, max_length=MARKDOWN_MAX_LENGTH, help_text=_("Markdown.")
    )
    image = PublicImageField(_("image"), upload_to="votes/options/", blank=True)
    image_alt = models.CharField(
        _("image text alternative"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    cost = models.PositiveIntegerField(
        _("cost (euros)"), null=True, blank=True, help_text=_("For a participatory budget.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="votes_option_image_has_alt"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Ballot(models.Model):
    """One anonymous ballot: the options chosen (in order of preference for a ranked vote),
    keyed by a random id given to the voter as a receipt. No voter, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="ballots",
        verbose_name=_("consultation"),
    )
    #: Option ids: one (single choice), a set (approval, budget) or an order (ranked).
    choices = models.JSONField(_("choices"), default=list)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(self.id)


class VoterRecord(models.Model):
    """The register: `voter` voted in `consultation` (when, to the second), nothing of how."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="register",
        verbose_name=_("consultation"),
    )
    # An erased account leaves its line, without the person: the count stays right.
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("voter"),
    )
    voted_at = models.DateTimeField(_("voted at"), default=timezone.now)

    class Meta:
        verbose_name = _("register line")
        verbose_name_plural = _("register")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "voter"], name="votes_voterrecord_one_per_voter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}:{self.voter_id}"


class Residence(models.Model):
    """Where a resident declares they live: one of the town's addresses. The one place a
    home is kept; read by votes limited to a space's area."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="residence",
        verbose_name=_("resident"),
    )
    address = models.ForeignKey(
        # An address the BAN drops (an import with --prune) takes the declaration with it.
        Address,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("address"),
    )
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("declared home")
        verbose_name_plural = _("declared homes")

    def __str__(self) -> str:
        return str(self.address)


class CandidacyStatus(models.TextChoices):
    PENDING = "pending", _("waiting for validation")
    VALIDATED = "validated", _("validated")
    REFUSED = "refused", _("refused")


class Candidacy(models.Model):
    """A resident standing in an election: their profile, validated by staff, after which
    it is one of the election's options (`option`)."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="candidacies",
        verbose_name=_("election"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("candidate"),
    )
    name = models.CharField(_("name shown"), max_length=80)
    photo = PublicImageField(_("photo"), upload_to="votes/candidates/", blank=True)
    photo_alt = models.CharField(_("photo text alternative"), max_length=250, blank=True)
    presentation = models.TextField(_("presentation"), max_length=3000)
    projects = models.TextField(_("projects"), max_length=3000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CandidacyStatus.choices,
        default=CandidacyStatus.PENDING,
    )
    option = models.OneToOneField(
        Option,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidacy",
        verbose_name=_("option"),
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["submitted_at", "id"]
        constraints = [
            # One candidacy standing per person; a refused one is kept (what staff decided)
            # and its author may stand again with another.
            models.UniqueConstraint(
                fields=["consultation", "user"],
                condition=~Q(status="refused"),
                name="votes_candidacy_one_standing_per_person",
            ),
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""), name="votes_candidacy_photo_has_alt"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_path("votes:candidate", slug=self.consultation.slug, pk=self.pk)
