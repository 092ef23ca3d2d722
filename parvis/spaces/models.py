from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parvis.core.geo import AreaField
from parvis.core.markdown import MARKDOWN_MAX_LENGTH
from parvis.core.paths import object_path
from parvis.core.uploads import PublicImageField


class SpaceKind(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    PROJECT = "project", _("Project")
    COUNCIL = "council", _("Council")
    THEME = "theme", _("Theme")


@lru_cache(maxsize=64)
def _kind_label(kind: str, language: str | None) -> str:
    """The label of `kind` in `language` (the active one, which makes the key): a card of a
    space shows it, and a list shows 48 cards."""
    return str(SpaceKind(kind).label)


#: Plural titles for the lists of spaces, per kind.
SPACE_KIND_PLURALS = {
    SpaceKind.NEIGHBOURHOOD: _("Neighbourhoods"),
    SpaceKind.PROJECT: _("Projects"),
    SpaceKind.COUNCIL: _("Councils"),
    SpaceKind.THEME: _("Themes"),
}


class ModerationPolicy(models.TextChoices):
    BEFORE = "before", _("Moderated before publication")
    AFTER = "after", _("Moderated after publication")


slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lowercase letters, digits and single hyphens, like “centre-ville”."),
)


class Space(models.Model):
    """A neighbourhood, a project, a council or a theme: a place where content gathers."""

    kind = models.CharField(_("kind"), max_length=20, choices=SpaceKind.choices)
    slug = models.SlugField(
        _("web address"), max_length=80, unique=True, validators=[slug_validator]
    )
    name = models.CharField(_("name"), max_length=120)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences for lists.")
    )
    description = models.TextField(
        _("description"), blank=True, max_length=MARKDOWN_MAX_LENGTH, help_text=_("Markdown.")
    )
    cover = PublicImageField(_("cover image"), upload_to="spaces/covers/", blank=True)
    cover_alt = models.CharField(
        _("cover image text alternative"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    boundary = AreaField(
        _("boundary"),
        null=True,
        blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon (longitude, latitude)."),
    )
    # The boundary's bounding box, kept by the services, for indexed "what is here" queries.
    bbox_min_lat = models.FloatField(null=True, blank=True, editable=False)
    bbox_min_lon = models.FloatField(null=True, blank=True, editable=False)
    bbox_max_lat = models.FloatField(null=True, blank=True, editable=False)
    bbox_max_lon = models.FloatField(null=True, blank=True, editable=False)
    moderation_policy = models.CharField(
        _("moderation of contributions"),
        max_length=10,
        choices=ModerationPolicy.choices,
        default=ModerationPolicy.AFTER,
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["kind", "is_published", "name"]),
            models.Index(fields=["bbox_min_lat", "bbox_max_lat", "bbox_min_lon", "bbox_max_lon"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SpaceKind.values), name="spaces_space_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(cover="") | ~models.Q(cover_alt=""),
                name="spaces_space_cover_has_alt",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_path("spaces:detail", slug=self.slug)

    @property
    def kind_label(self) -> str:
        """What `get_kind_display()` gives, without rebuilding the choices at every call
        (a card shows it for every space of a list)."""
        return _kind_label(self.kind, get_language())

    def breadcrumb_trail(self) -> list[tuple[str, str] | tuple[str, str, object]]:
        """The crumbs from Home to this space (`parvis.core.breadcrumbs`): its kind, itself."""
        return [
            (self.kind_label, reverse("spaces:kind", args=[self.kind])),
            (self.name, self.get_absolute_url(), self),
        ]


class MemberRole(models.TextChoices):
    COUNCILLOR = "councillor", _("Councillor for this space")
    OFFICIAL = "official", _("Official")
    PROJECT_LEAD = "project_lead", _("Project lead")
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")


#: Members with these roles answer residents publicly on behalf of the space.
ANSWERING_ROLES = frozenset({MemberRole.COUNCILLOR, MemberRole.OFFICIAL, MemberRole.PROJECT_LEAD})


class SpaceMembership(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_memberships"
    )
    role = models.CharField(_("role in the space"), max_length=20, choices=MemberRole.choices)
    title = models.CharField(
        _("public title"),
        max_length=120,
        blank=True,
        help_text=_("As residents should read it, e.g. “Deputy mayor for the old town”."),
    )
    public_name = models.CharField(
        _("public name"),
        max_length=120,
        blank=True,
        help_text=_("The name shown on the space's page; empty to use the person's public name."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    since = models.DateField(_("since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "user", "role"], name="spaces_membership_once_per_role"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=MemberRole.values), name="spaces_membership_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} — {self.get_role_display()} ({self.space})"

    @property
    def display_name(self) -> str:
        return self.public_name or self.user.public_name


class SpacePage(models.Model):
    """A page of a space: history, practical information, a project's timeline…"""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="pages")
    slug = models.SlugField(_("web address"), max_length=80, validators=[slug_validator])
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("text"), max_length=MARKDOWN_MAX_LENGTH, help_text=_("Markdown."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["position", "title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["space", "slug"], name="spaces_page_slug_per_space"),
        ]

    def __str__(self) -> str:
        return f"{self.space} — {self.title}"

    def get_absolute_url(self) -> str:
        return object_path("spaces:page", slug=self.space.slug, page_slug=self.slug)
