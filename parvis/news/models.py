"""News articles and announcements: what the town publishes.

An article goes draft → in review → published (→ unpublished), possibly through "scheduled"
when it is given a time of publication; an announcement is a short post, draft → published
(→ unpublished). Every change of status goes through `parvis.news.services`, which audits
it, keeps the search index in step and notifies the followers.
"""

from __future__ import annotations

import mimetypes
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from parvis.core.markdown import MARKDOWN_MAX_LENGTH
from parvis.core.paths import object_path
from parvis.core.town import current_town
from parvis.core.uploads import PublicImageField
from parvis.spaces.models import Space, slug_validator
from parvis.tags.models import Tag

#: The longest announcement, in characters: a short post, read at a glance.
ANNOUNCEMENT_MAX_LENGTH = 500


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class IllustratedMixin(models.Model):
    """An optional public image, its text alternative and its size in bytes (for feeds)."""

    image = PublicImageField(_("image"), upload_to="news/images/", blank=True)
    image_alt = models.CharField(
        _("image text alternative"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    # Kept by the services when the image changes, so that a feed's enclosures do not ask
    # the storage (a network round trip with object storage) for every item's size.
    image_size = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def image_mime_type(self) -> str:
        """The image's type, from the extension its checked content gave it on upload."""
        return mimetypes.guess_type(self.image.name or "")[0] or "application/octet-stream"


class PublishedContent(IllustratedMixin):
    """What articles and announcements have alike besides their image: the account that
    wrote them and their dates. Their statuses, texts, tags and spaces are their own."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
        editable=False,
    )
    # The first publication: the date for readers and feeds, kept when it is unpublished
    # and published again.
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Article(PublishedContent):
    """A news article: a title, a lead, a Markdown body, an image, tags, maybe a space."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("web address"), max_length=120, unique=True, validators=[slug_validator]
    )
    lead = models.CharField(
        _("lead"),
        max_length=400,
        help_text=_("One or two plain sentences, shown in lists, feeds and e-mails."),
    )
    body = models.TextField(_("text"), max_length=MARKDOWN_MAX_LENGTH, help_text=_("Markdown."))
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    space = models.ForeignKey(
        Space,
        # A space that goes keeps its news readable, as town news.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("space"),
        help_text=_("Empty for news of the whole town."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
        editable=False,
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When a scheduled article goes public."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("Optional: when the article stops being public."),
    )

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ["-published_at", "-id"]
        permissions = [("publish_article", _("Can publish and unpublish news articles"))]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="news_article_public"),
            models.Index(fields=["space", "status", "-published_at"], name="news_article_space"),
            models.Index(fields=["status", "publish_at"], name="news_article_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ArticleStatus.values),
                name="news_article_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""),
                name="news_article_image_has_alt",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ArticleStatus.SCHEDULED)
                | models.Q(publish_at__isnull=False),
                name="news_article_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ArticleStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="news_article_published_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(unpublish_at__isnull=True)
                | models.Q(publish_at__isnull=True)
                | models.Q(unpublish_at__gt=models.F("publish_at")),
                name="news_article_unpublish_after_publish",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("news:article", slug=self.slug)

    def is_public(self, now: datetime | None = None) -> bool:
        """Whether readers see it now: published, inside its publication window, and not in
        an unpublished space. The same rule as `selectors.visible_articles`."""
        now = now or timezone.now()
        return (
            self.status == ArticleStatus.PUBLISHED
            and (self.space is None or self.space.is_published)
            and self.published_at is not None
            and self.published_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )


class Announcement(PublishedContent):
    """A short post from the town, one of its services or a space."""

    text = models.CharField(
        _("text"),
        max_length=ANNOUNCEMENT_MAX_LENGTH,
        help_text=_("At most 500 characters, plain text."),
    )
    space = models.ForeignKey(
        Space,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("from the space"),
    )
    service = models.CharField(
        _("from the service"),
        max_length=120,
        blank=True,
        help_text=_("A service of the town, like “Office de tourisme”. Empty: from the town."),
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="announcements", verbose_name=_("tags")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AnnouncementStatus.choices,
        default=AnnouncementStatus.DRAFT,
        editable=False,
    )

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-id"]
        permissions = [("publish_announcement", _("Can publish and unpublish announcements"))]
        indexes = [
            models.Index(
                fields=["status", "-published_at", "-id"], name="news_announcement_public"
            ),
            models.Index(
                fields=["space", "status", "-published_at"], name="news_announcement_space"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AnnouncementStatus.values),
                name="news_announcement_status_known",
            ),
            # SQLite does not enforce a VARCHAR's length: this does, on every database.
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), ANNOUNCEMENT_MAX_LENGTH),
                name="news_announcement_text_short",
            ),
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""),
                name="news_announcement_image_has_alt",
            ),
            models.CheckConstraint(
                condition=models.Q(space__isnull=True) | models.Q(service=""),
                name="news_announcement_one_source",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=AnnouncementStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="news_announcement_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.text).chars(60)

    def get_absolute_url(self) -> str:
        return object_path("news:announcement", pk=self.pk)

    @property
    def source(self) -> str:
        """Who speaks: the space, the named service, or else the town."""
        if self.space is not None:
            return self.space.name
        return self.service or current_town().name

    @property
    def headline(self) -> str:
        """A title for feeds and e-mails, which need one: the text's beginning."""
        return Truncator(" ".join(self.text.split())).chars(80)

    def is_public(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == AnnouncementStatus.PUBLISHED
            and (self.space is None or self.space.is_published)
            and self.published_at is not None
            and self.published_at <= now
        )
