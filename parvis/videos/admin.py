"""The video library in the back office: videos (an uploaded file checked as MP4 or WebM, or
the address of a video on YouTube, Vimeo or an accepted PeerTube instance), their caption
tracks (WebVTT, checked), categories and ordered playlists.

Every file is checked by content before anything is saved. Saving goes through the services:
the worker then reads the file or asks the provider (the page says "processing" until then;
a failure and its reason show here). An uploaded video is published only with captions: the
form refuses it, with the reason next to the captions, and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parvis.core.admin_inlines import TabularInline
from parvis.core.admin_naming import ModelNames
from parvis.search.indexing import index_object
from parvis.videos import providers, services
from parvis.videos.media import CheckedCaptionsFormField, CheckedVideoFormField
from parvis.videos.models import (
    CaptionTrack,
    Category,
    Playlist,
    PlaylistEntry,
    Video,
    VideoKind,
    VideoStatus,
)


class VideoForm(forms.ModelForm):
    file = CheckedVideoFormField(
        label=_("video file"), required=False, help_text=_("MP4 or WebM, for an uploaded video.")
    )
    source_url = forms.URLField(
        label=_("address of the video"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Video
        fields = [
            "kind",
            "title",
            "slug",
            "description",
            "status",
            "file",
            "source_url",
            "poster",
            "poster_alt",
            "categories",
            "tags",
            "space",
        ]

    def clean_source_url(self) -> str:
        url = self.cleaned_data.get("source_url", "")
        if url and self.data.get("kind") == VideoKind.REFERENCE:
            providers.parse_reference(url)
        return url

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        if kind == VideoKind.UPLOAD and not data.get("file") and not self.instance.file:
            self.add_error("file", _("An uploaded video needs its file."))
        if (
            kind == VideoKind.REFERENCE
            and not data.get("source_url")
            and "source_url" not in self.errors
        ):
            self.add_error("source_url", _("A video on another site needs its address."))
        if data.get("poster") and not data.get("poster_alt"):
            self.add_error("poster_alt", _("Describe the poster for people who cannot see it."))
        return data


class CaptionForm(forms.ModelForm):
    file = CheckedCaptionsFormField(label=_("WebVTT file"))

    class Meta:
        model = CaptionTrack
        fields = ["language", "label", "file"]


class CaptionFormSet(forms.BaseInlineFormSet):
    """Refuses the publication of an uploaded video without any caption track."""

    def clean(self) -> None:
        super().clean()
        video = self.instance
        if video.kind != VideoKind.UPLOAD or video.status != VideoStatus.PUBLISHED:
            return
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not getattr(form, "cleaned_data", {}).get("DELETE")
        ]
        if not kept:
            raise ValidationError(services.captions_missing().messages[0], code="captions_required")


class CaptionInline(TabularInline):
    model = CaptionTrack
    form = CaptionForm
    formset = CaptionFormSet
    extra = 1
    fields = ["language", "label", "file"]


@admin.register(Video)
class VideoAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a video"), the=_("the video"))
    form = VideoForm
    inlines = [CaptionInline]
    list_display = ["title", "kind", "status", "processing", "published_at"]
    list_filter = ["status", "kind", "processing", "categories"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["space"]
    filter_horizontal = ["categories", "tags"]
    readonly_fields = [
        "processing",
        "processing_error",
        "provider",
        "author_name",
        "duration",
        "mime_type",
        "file_size",
        "published_at",
    ]
    actions = ["publish", "unpublish", "process_again"]

    def save_model(self, request: HttpRequest, obj: Video, form: Any, change: bool) -> None:
        services.video_save(
            video=obj,
            actor=request.user,  # type: ignore[arg-type]
            file_changed="file" in form.changed_data,
            source_changed="source_url" in form.changed_data or "kind" in form.changed_data,
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Categories and tags are in the video's search document: written once they are.
        index_object(form.instance)

    def delete_model(self, request: HttpRequest, obj: Video) -> None:
        services.video_delete(video=obj, actor=request.user)  # type: ignore[arg-type]

    @admin.action(description=_("Publish the selected videos"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Video]) -> None:
        done = 0
        for video in queryset:
            try:
                services.video_publish(video=video, actor=request.user)  # type: ignore[arg-type]
            except services.PublicationRefused as refusal:
                self.message_user(request, f"{video}: {refusal.messages[0]}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d video published.", "%(count)d videos published.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Unpublish the selected videos"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Video]) -> None:
        for video in queryset:
            services.video_unpublish(video=video, actor=request.user)  # type: ignore[arg-type]

    @admin.action(description=_("Process the selected videos again"), permissions=["change"])
    def process_again(self, request: HttpRequest, queryset: QuerySet[Video]) -> None:
        for video in queryset:
            services.video_process_again(video=video)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a video category"), the=_("the video category"))
    list_display = ["name", "position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class PlaylistEntryInline(TabularInline):
    model = PlaylistEntry
    extra = 1
    fields = ["position", "video"]
    autocomplete_fields = ["video"]


@admin.register(Playlist)
class PlaylistAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a playlist"), the=_("the playlist"))
    inlines = [PlaylistEntryInline]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
