"""Photos and albums.

A photo is uploaded by staff (the bulk uploader of the back office, or the `import_photos`
command): the file people sent is kept in private storage (`upload`, never served, since it
may carry a GPS position), and the task worker makes what is served from it
(`parvis.core.renditions`): the renditions and a clean full-size copy (`original`), all
without metadata. Until then the photo is "processing" (`status`); a file the worker cannot
read is "failed", its reason shown to staff.

Thematic albums are curated by staff; monthly albums are computed from each photo's
`taken_month` (the month of its date taken, in the town's time zone: EXIF DateTimeOriginal,
else the upload's date), kept on the photo so a month's page is one indexed range.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.paths import object_path
from parvis.core.renditions import Stored
from parvis.core.storage import private_storage
from parvis.spaces.models import Space, slug_validator
from parvis.tags.models import Tag


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC0 = "cc0-1.0", _("Public domain dedication (CC0 1.0)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class PhotoStatus(models.TextChoices):
    PENDING = "pending", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Album(models.Model):
    """A thematic album, curated by staff."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("web address"), max_length=120, unique=True, validators=[slug_validator]
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    cover = models.ForeignKey(
        "Photo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover"),
        help_text=_("Empty: the album's latest photo."),
    )
    space = models.ForeignKey(
        Space,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photo_albums",
        verbose_name=_("space"),
    )
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("album")
        verbose_name_plural = _("albums")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("photos:album", slug=self.slug)


class Photo(models.Model):
    title = models.CharField(_("title"), max_length=200)
    alt_text = models.CharField(
        _("text alternative"),
        max_length=300,
        help_text=_("Describe the photo for people who cannot see it."),
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    licence = models.CharField(
        _("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="photos", verbose_name=_("tags"))
    albums = models.ManyToManyField(
        Album, blank=True, related_name="photos", verbose_name=_("albums")
    )
    # What was sent, as it was: private (it may hold a position), read by the worker only.
    upload = models.FileField(
        _("uploaded file"), upload_to="photos/uploads/", storage=private_storage, editable=False
    )
    upload_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    # The clean full-size copy, public: what "download the original" gives.
    original = models.FileField(
        _("original"), upload_to="photos/originals/", blank=True, editable=False
    )
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    taken_at = models.DateTimeField(_("taken"), editable=False)
    taken_month = models.DateField(_("month taken"), editable=False)
    taken_from_exif = models.BooleanField(default=False, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PhotoStatus.choices,
        default=PhotoStatus.PENDING,
        editable=False,
    )
    failure = models.CharField(
        _("reason of the failure"), max_length=300, blank=True, editable=False
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["-taken_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-taken_at", "-id"], name="photos_latest"),
            models.Index(fields=["status", "taken_month", "taken_at"], name="photos_month"),
            models.Index(fields=["status", "-created_at", "-id"], name="photos_new"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("photos:photo", pk=self.pk)

    @property
    def stored(self) -> Stored | None:
        return Stored.from_json(self.renditions)

    @property
    def is_ready(self) -> bool:
        return self.status == PhotoStatus.READY

    @property
    def may_download(self) -> bool:
        """Whether the licence lets anyone download the full-size file."""
        return self.licence != Licence.ALL_RIGHTS_RESERVED and bool(self.original)

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(Licence(self.licence), "")
