"""The video library: videos uploaded to Parvis or kept on a provider's site (YouTube, Vimeo,
a PeerTube instance), staff-curated categories, ordered playlists, caption tracks.

A video goes draft → published (→ unpublished) through `parvis.videos.services`. Its file or
its provider's metadata is processed by the worker (`processing`: pending → ready or failed,
with the reason for staff). An uploaded video is published only with a caption track.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.paths import object_path
from parvis.core.uploads import PublicImageField
from parvis.spaces.models import Space, slug_validator
from parvis.tags.models import Tag


class VideoKind(models.TextChoices):
    UPLOAD = "upload", _("Uploaded file")
    REFERENCE = "reference", _("Video on another site")


class VideoStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class Processing(models.TextChoices):
    PENDING = "pending", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Provider(models.TextChoices):
    YOUTUBE = "youtube", "YouTube"
    VIMEO = "vimeo", "Vimeo"
    PEERTUBE = "peertube", "PeerTube"


class Category(models.Model):
    """A category of videos, curated by staff (council meetings, culture, sport…)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("web address"), max_length=120, unique=True, validators=[slug_validator]
    )
    description = models.CharField(_("description"), max_length=400, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("video category")
        verbose_name_plural = _("video categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_path("videos:category", slug=self.slug)


class Video(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=VideoKind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("web address"), max_length=120, unique=True, validators=[slug_validator]
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VideoStatus.choices, default=VideoStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    duration = models.PositiveIntegerField(
        _("duration (seconds)"), null=True, blank=True, editable=False
    )
    categories = models.ManyToManyField(
        Category, blank=True, related_name="videos", verbose_name=_("categories")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="videos", verbose_name=_("tags"))
    space = models.ForeignKey(
        Space,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="videos",
        verbose_name=_("space"),
        help_text=_("Empty for a video of the whole town."),
    )
    poster = PublicImageField(
        _("poster image"),
        upload_to="videos/posters/",
        blank=True,
        help_text=_("Shown before the video plays. A video on another site gets its own."),
    )
    poster_alt = models.CharField(_("poster text alternative"), max_length=250, blank=True)
    # An uploaded video: its file, checked as MP4 or WebM, with its type and size.
    file = models.FileField(_("video file"), upload_to="videos/files/", blank=True)
    mime_type = models.CharField(max_length=40, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    # A video on another site: its address as given, then what the worker learnt of it.
    source_url = models.URLField(_("address of the video"), max_length=500, blank=True)
    provider = models.CharField(max_length=20, choices=Provider.choices, blank=True, editable=False)
    provider_id = models.CharField(max_length=64, blank=True, editable=False)
    watch_url = models.URLField(max_length=500, blank=True, editable=False)
    embed_url = models.URLField(max_length=500, blank=True, editable=False)
    author_name = models.CharField(_("author"), max_length=200, blank=True, editable=False)
    processing = models.CharField(
        _("processing"),
        max_length=20,
        choices=Processing.choices,
        default=Processing.PENDING,
        editable=False,
    )
    processing_error = models.CharField(
        _("reason of the failure"), max_length=500, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="videos_video_public"),
            models.Index(fields=["space", "status", "-published_at"], name="videos_video_space"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=VideoKind.values), name="videos_video_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=VideoStatus.values),
                name="videos_video_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=VideoStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="videos_video_published_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(poster="") | ~models.Q(poster_alt=""),
                name="videos_video_poster_has_alt",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=VideoKind.REFERENCE) | ~models.Q(source_url=""),
                name="videos_video_reference_has_url",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=VideoKind.UPLOAD) | ~models.Q(file=""),
                name="videos_video_upload_has_file",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("videos:detail", slug=self.slug)

    @property
    def is_upload(self) -> bool:
        return self.kind == VideoKind.UPLOAD

    @property
    def is_ready(self) -> bool:
        return self.processing == Processing.READY

    def is_public(self, now: datetime | None = None) -> bool:
        """Whether readers see it: published, and not in an unpublished space."""
        now = now or timezone.now()
        return (
            self.status == VideoStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.space is None or self.space.is_published)
        )


class CaptionTrack(models.Model):
    """A WebVTT caption track of an uploaded video, in one language."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(
        _("language"), max_length=20, default="fr", help_text=_("A language code: fr, en, oc…")
    )
    label = models.CharField(_("label"), max_length=80, help_text=_("As players list it."))
    file = models.FileField(_("WebVTT file"), upload_to="videos/captions/")

    class Meta:
        verbose_name = _("caption track")
        verbose_name_plural = _("caption tracks")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["video", "language"], name="videos_caption_language")
        ]

    def __str__(self) -> str:
        return self.label


class Playlist(models.Model):
    """Videos in an order chosen by staff (a series, a festival's days)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("web address"), max_length=120, unique=True, validators=[slug_validator]
    )
    description = models.CharField(_("description"), max_length=400, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("playlist")
        verbose_name_plural = _("playlists")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("videos:playlist", slug=self.slug)


class PlaylistEntry(models.Model):
    playlist = models.ForeignKey(Playlist, on_delete=models.CASCADE, related_name="entries")
    video = models.ForeignKey(
        Video, on_delete=models.CASCADE, related_name="+", verbose_name=_("video")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("video of the playlist")
        verbose_name_plural = _("videos of the playlist")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["playlist", "video"], name="videos_playlist_once")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.video_id}"
