"""Podcasts: shows and their episodes.

A show is a series of audio episodes with its cover, its owner and its category, published
as pages and as the RSS feed podcast apps subscribe to. An episode's audio is checked by
content when it is uploaded (`parvis.podcasts.audio`); its duration and metadata are read by
the task worker (`tasks.process_episode`), and only then, if it is published and its date
has come, does the public see it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.markdown import MARKDOWN_MAX_LENGTH
from parvis.core.paths import object_path
from parvis.core.uploads import PublicImageField
from parvis.spaces.models import Space, slug_validator

#: Apple Podcasts' top-level categories (the `text` of `itunes:category`), which every
#: directory understands.
ITUNES_CATEGORIES = [
    "Arts",
    "Business",
    "Comedy",
    "Education",
    "Fiction",
    "Government",
    "Health & Fitness",
    "History",
    "Kids & Family",
    "Leisure",
    "Music",
    "News",
    "Religion & Spirituality",
    "Science",
    "Society & Culture",
    "Sports",
    "Technology",
    "True Crime",
    "TV & Film",
]


class ShowType(models.TextChoices):
    EPISODIC = "episodic", _("Episodic: the newest episode first")
    SERIAL = "serial", _("Serial: listened to in order")


class Show(models.Model):
    """A podcast: a title, a description, a square cover and who answers for it."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("web address"), max_length=120, unique=True, validators=[slug_validator]
    )
    description = models.TextField(
        _("description"), max_length=4000, help_text=_("Markdown. Shown on the show's page.")
    )
    cover = PublicImageField(
        _("cover image"),
        upload_to="podcasts/covers/",
        blank=True,
        help_text=_("A square image, at least 1400 pixels wide, as podcast apps expect."),
    )
    cover_alt = models.CharField(
        _("cover text alternative"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    author = models.CharField(
        _("author"), max_length=200, help_text=_("Who makes the show, as podcast apps show it.")
    )
    owner_name = models.CharField(
        _("owner's name"), max_length=200, help_text=_("Who answers for the show (the feed).")
    )
    owner_email = models.EmailField(
        _("owner's e-mail address"),
        help_text=_("Published in the feed: podcast directories write to it."),
    )
    category = models.CharField(
        _("category"),
        max_length=40,
        choices=[(name, name) for name in ITUNES_CATEGORIES],
        default="Government",
    )
    explicit = models.BooleanField(_("explicit content"), default=False)
    show_type = models.CharField(
        _("type"), max_length=10, choices=ShowType.choices, default=ShowType.EPISODIC
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    space = models.ForeignKey(
        Space,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="podcast_shows",
        verbose_name=_("space"),
        help_text=_("Empty for a show of the whole town."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    #: The Podcasting 2.0 GUID (UUIDv5 of the feed's address), set once when the show is
    #: created and never changed, so that apps recognise it after the site moves.
    guid = models.UUIDField(_("podcast GUID"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("podcast show")
        verbose_name_plural = _("podcast shows")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cover="") | ~models.Q(cover_alt=""),
                name="podcasts_show_cover_has_alt",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("podcasts:show", slug=self.slug)

    def is_public(self) -> bool:
        return self.is_published and (self.space is None or self.space.is_published)


class Processing(models.TextChoices):
    PENDING = "pending", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class TranscriptFormat(models.TextChoices):
    VTT = "vtt", _("WebVTT (captions with times)")
    TEXT = "text", _("Plain text")


def audio_path(episode: Episode, filename: str) -> str:
    # The checked file's name is already random (`audio.check_audio`).
    return f"podcasts/audio/{filename}"


class Episode(models.Model):
    """One episode: its audio file, its notes, its transcript, its date."""

    show = models.ForeignKey(
        Show, on_delete=models.CASCADE, related_name="episodes", verbose_name=_("show")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=120, validators=[slug_validator])
    description = models.TextField(
        _("show notes"), max_length=MARKDOWN_MAX_LENGTH, blank=True, help_text=_("Markdown.")
    )
    audio = models.FileField(_("audio file"), upload_to=audio_path, max_length=200)
    audio_size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    audio_type = models.CharField(_("audio type"), max_length=40, blank=True, editable=False)
    duration = models.PositiveIntegerField(
        _("duration in seconds"), null=True, blank=True, editable=False
    )
    processing = models.CharField(
        _("processing"),
        max_length=10,
        choices=Processing.choices,
        default=Processing.PENDING,
        editable=False,
    )
    processing_error = models.CharField(
        _("processing error"), max_length=300, blank=True, editable=False
    )
    season = models.PositiveIntegerField(_("season"), null=True, blank=True)
    number = models.PositiveIntegerField(_("episode number"), null=True, blank=True)
    transcript = models.TextField(
        _("transcript"),
        max_length=MARKDOWN_MAX_LENGTH,
        blank=True,
        help_text=_("WebVTT or plain text. Shown on the episode's page and given to apps."),
    )
    transcript_format = models.CharField(
        _("transcript format"),
        max_length=10,
        choices=TranscriptFormat.choices,
        default=TranscriptFormat.TEXT,
    )
    explicit = models.BooleanField(_("explicit content"), default=False)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_("A date ahead schedules the episode: it goes public then."),
    )
    #: When followers were told of it (once, when it first became public).
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: The item's GUID in the feeds: never changes, whatever is edited.
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("podcast episode")
        verbose_name_plural = _("podcast episodes")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["show", "processing", "is_published", "-published_at", "-id"],
                name="podcasts_episode_public",
            ),
            models.Index(
                fields=["processing", "is_published", "-published_at"],
                name="podcasts_episode_latest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["show", "slug"], name="podcasts_episode_slug_unique"),
            models.CheckConstraint(
                condition=models.Q(processing__in=Processing.values),
                name="podcasts_episode_processing_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(processing=Processing.READY) | models.Q(duration__isnull=False),
                name="podcasts_episode_ready_has_duration",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("podcasts:episode", show=self.show.slug, slug=self.slug)

    def transcript_url(self) -> str:
        return object_path("podcasts:transcript", show=self.show.slug, slug=self.slug)

    @property
    def transcript_type(self) -> str:
        return "text/vtt" if self.transcript_format == TranscriptFormat.VTT else "text/plain"

    def is_public(self, now: datetime | None = None) -> bool:
        """Whether listeners get it now: ready, published, its date come, its show public.
        The same rule as `selectors.public_episodes`."""
        now = now or timezone.now()
        return (
            self.processing == Processing.READY
            and self.is_published
            and self.published_at <= now
            and self.show.is_public()
        )

    @property
    def duration_iso(self) -> str:
        """The duration as ISO 8601 (schema.org): PT1H2M3S."""
        seconds = self.duration or 0
        hours, rest = divmod(seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        return (
            "PT"
            + (f"{hours}H" if hours else "")
            + (f"{minutes}M" if minutes else "")
            + f"{seconds}S"
        )

    @property
    def duration_clock(self) -> str:
        """The duration as HH:MM:SS (itunes:duration, the page)."""
        seconds = self.duration or 0
        hours, rest = divmod(seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}"
