"""The town wiki: articles written by residents in Markdown, each change kept as a
`Revision` (published, or pending until a patroller accepts it), old addresses kept as
`Redirect`s, articles gathered in `WikiCategory`s by `[[Category:…]]` links in their text."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.markdown import MARKDOWN_MAX_LENGTH
from parvis.core.paths import object_path

TITLE_MAX_LENGTH = 150


class Protection(models.TextChoices):
    OPEN = "open", _("Any signed-in resident")
    VERIFIED = "verified", _("Verified residents only")
    STAFF = "staff", _("Staff only")


class WikiCategory(models.Model):
    name = models.CharField(_("name"), max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=TITLE_MAX_LENGTH, unique=True)

    class Meta:
        verbose_name = _("wiki category")
        verbose_name_plural = _("wiki categories")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_path("wiki:category", slug=self.slug)


class Article(models.Model):
    """An article; what the public reads is its `current` revision (None until a first
    revision is published: the article is then not public)."""

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=TITLE_MAX_LENGTH, unique=True)
    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("space"),
    )
    protection = models.CharField(
        _("who may edit"), max_length=10, choices=Protection.choices, default=Protection.OPEN
    )
    current = models.ForeignKey(
        "Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current revision"),
    )
    categories = models.ManyToManyField(
        WikiCategory, blank=True, related_name="articles", verbose_name=_("categories")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    modified_at = models.DateTimeField(_("modified at"), default=timezone.now)

    class Meta:
        verbose_name = _("wiki article")
        verbose_name_plural = _("wiki articles")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("wiki:article", slug=self.slug)


class Redirect(models.Model):
    """An article's former address: `/wiki/<old_slug>/` answers 301 to the article."""

    old_slug = models.SlugField(_("former slug"), max_length=TITLE_MAX_LENGTH, unique=True)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="redirects", verbose_name=_("article")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("wiki redirect")
        verbose_name_plural = _("wiki redirects")
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return self.old_slug


class RevisionStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Waiting for a patroller")
    REJECTED = "rejected", _("Not accepted")


class RevisionKind(models.TextChoices):
    CREATE = "create", _("New page")
    EDIT = "edit", _("Edit")
    REVERT = "revert", _("Revert")
    RENAME = "rename", _("Rename")


class Revision(models.Model):
    """One saved state of an article's text: by whom, why (`summary`), from which revision
    (`parent`, the one the editor started from), its size and the change of size."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("article")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text"), max_length=MARKDOWN_MAX_LENGTH, blank=True)
    summary = models.CharField(_("summary of the change"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=RevisionKind.choices, default=RevisionKind.EDIT
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RevisionStatus.choices,
        default=RevisionStatus.PUBLISHED,
    )
    size = models.PositiveIntegerField(_("size"), default=0)
    delta = models.IntegerField(_("change of size"), default=0)
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("patrolled by"),
    )
    decided_at = models.DateTimeField(_("patrolled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("wiki revision")
        verbose_name_plural = _("wiki revisions")
        ordering = ["-created_at", "-id"]
        permissions = [("patrol_revision", _("Can patrol the wiki's edits"))]
        indexes = [
            models.Index(fields=["article", "-created_at", "-id"], name="wiki_revision_article"),
            models.Index(fields=["status", "-created_at", "-id"], name="wiki_revision_status"),
        ]

    def __str__(self) -> str:
        return f"{self.title} #{self.pk}"

    def get_absolute_url(self) -> str:
        return object_path("wiki:revision", slug=self.article.slug, pk=self.pk)
