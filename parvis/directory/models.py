"""The directory of public actors: the town's services, schools, the prefecture, health
services, associations… Each entry has a place, opening hours in the OpenStreetMap syntax
and its contacts; residents propose additions and changes (`ChangeProposal`), which a
moderator accepts field by field; every change of an entry is kept (`Revision`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.core.geo import Located
from parvis.directory.hours import MAX_LENGTH, validate_opening_hours


def _hours_help_text() -> str:
    # The example is code, not words: kept out of the translation (French typography
    # would put spaces in it).
    return gettext("In the OpenStreetMap syntax, such as “%(example)s”. Empty: not known.") % {
        "example": "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00"
    }


_hours_help = lazy(_hours_help_text, str)


class CategoryKind(models.TextChoices):
    TOWN = "town", _("Town services")
    SCHOOL = "school", _("Schools")
    STATE = "state", _("State services")
    HEALTH = "health", _("Health")
    ASSOCIATION = "association", _("Associations")
    OTHER = "other", _("Other")


class DirectoryCategory(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CategoryKind.choices)

    class Meta:
        verbose_name = _("directory category")
        verbose_name_plural = _("directory categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Wheelchair(models.TextChoices):
    UNKNOWN = "", _("Not known")
    YES = "yes", _("Accessible in a wheelchair")
    LIMITED = "limited", _("Partly accessible in a wheelchair")
    NO = "no", _("Not accessible in a wheelchair")


class Entry(Located):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    category = models.ForeignKey(
        DirectoryCategory,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("category"),
    )
    address_text = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=MAX_LENGTH,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_hours_help(),
    )
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    wheelchair = models.CharField(
        _("wheelchair access"), max_length=10, choices=Wheelchair.choices, blank=True
    )
    accessibility = models.TextField(_("accessibility details"), blank=True, max_length=1000)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("space"),
    )
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(Located.Meta):
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        ordering = ["name", "id"]
        indexes = [
            *Located.Meta.indexes,
            models.Index(fields=["category", "name"], name="directory_entry_cat_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:entry", args=[self.slug])


#: What residents may propose, in the order the moderator sees them.
PROPOSABLE = (
    "name",
    "category",
    "address_text",
    "lat",
    "lon",
    "opening_hours",
    "phone",
    "email",
    "website",
    "wheelchair",
    "accessibility",
    "description",
)


def field_label(field: str) -> str:
    """A proposable field's name, for people ("Telephone")."""
    return str(Entry._meta.get_field(field).verbose_name).capitalize()  # type: ignore[union-attr]


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    DECIDED = "decided", _("Decided")


class FieldDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    OUTDATED = "outdated", _("Changed meanwhile: not applied")


class ChangeProposal(models.Model):
    """A resident's proposed values for an entry (`entry` None: a new entry), each field
    decided on by a moderator. `base` holds the values the resident saw, so that a field
    changed since is not overwritten."""

    entry = models.ForeignKey(
        Entry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("entry"),
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    values = models.JSONField(_("proposed values"), default=dict)
    base = models.JSONField(_("values seen"), default=dict)
    decisions = models.JSONField(_("decisions"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="directory_proposal_status")]

    def __str__(self) -> str:
        name = self.entry.name if self.entry is not None else self.values.get("name", "")
        return str(_("Proposal #%(pk)s: %(name)s") % {"pk": self.pk, "name": name})

    def get_absolute_url(self) -> str:
        if self.entry is not None:
            return reverse("directory:history", args=[self.entry.slug])
        return reverse("directory:list")


class Revision(models.Model):
    """One field of an entry changed: who, when, from what to what, and through which
    proposal if a resident proposed it."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="revisions")
    field = models.CharField(_("field"), max_length=40)
    old = models.TextField(_("old value"), blank=True)
    new = models.TextField(_("new value"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposal = models.ForeignKey(
        ChangeProposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["entry", "created_at"], name="directory_revision_entry")]

    def __str__(self) -> str:
        return f"{self.entry_id}.{self.field}"
